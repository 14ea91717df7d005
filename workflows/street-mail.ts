/**
 * The emails of one street's deadlines and elections: who receives each kind, the key that
 * makes a retried send the same message, and how often a failed election is announced.
 */
import type { CampaignContext } from './definitions';
import type { CommunityRecord, MailFailure, Notification, NotificationItem, NotificationKind, StepId, Street } from '../domain';
import type { FailedRound } from './community-steps';
import { Outbox } from './notify';

/** The least time between two re-election emails for one community's step. */
const reelectionIntervalMs = 60 * 60_000;

export class StreetMail {
  private readonly outbox: Outbox;
  /**
   * By `${communityId}.${step}`: when this run last sent its re-election email. Failed rounds
   * posted in a loop send one an hour (a drill's compressed calendar, one per round); a
   * continue-as-new starts the count afresh.
   */
  private readonly reelectionSentAt = new Map<string, number>();

  constructor(
    private readonly campaign: CampaignContext,
    private readonly street: Street,
    onFailures: (failures: MailFailure[]) => void,
  ) {
    this.outbox = new Outbox(onFailures);
  }

  /** One line of an email: the street's own step when `community` is absent. */
  item(community: CommunityRecord | undefined, step: StepId, dueAt: number, extra: Partial<NotificationItem> = {}): NotificationItem {
    return {
      streetId: this.street.id,
      streetName: this.street.name,
      ...(community && { communityId: community.communityId, communityName: community.name }),
      step,
      due: dueAt,
      ...extra,
    };
  }

  /** Late steps and failed elections go to the guidance-group leader (and a failed election to the coordinators too). */
  send(kind: NotificationKind, at: number, items: NotificationItem[], occurrence: string = String(at)): void {
    const { campaign, street } = this;
    const toLeader = kind === 'overdue' || kind === 'at-risk' || kind === 'reelection-required';
    const notification: Notification = {
      key: `${campaign.id}.${street.id}.${kind}.${occurrence}`,
      kind,
      campaign: { id: campaign.id, name: campaign.name, timezone: campaign.timezone, locale: campaign.locale },
      to: toLeader ? [street.leaderEmail, ...(kind === 'reelection-required' ? campaign.coordinators : [])] : [street.officeEmail],
      cc: toLeader ? [street.officeEmail] : [],
      at,
      items,
    };
    this.outbox.send(notification);
  }

  /** A recorded election round that did not settle its committee: escalated at once to the leader and the coordinators. */
  failedRound(record: CommunityRecord, { step, outcome }: FailedRound): void {
    const now = Date.now();
    if (!this.campaign.drill) {
      const key = `${record.communityId}.${step}`;
      if (now - (this.reelectionSentAt.get(key) ?? -Infinity) < reelectionIntervalMs) return;
      this.reelectionSentAt.set(key, now);
    }
    const due = record.steps.find((r) => r.step === step)!.dueAt;
    this.send('reelection-required', now, [this.item(record, step, due, { reason: outcome.reason })], `${record.communityId}.${step}.${outcome.rounds}`);
  }

  get idle(): boolean {
    return this.outbox.idle;
  }
}
