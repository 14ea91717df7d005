/**
 * The emails of one street's deadlines and elections: who receives each kind, and the key
 * that makes a retried send the same message.
 */
import type { CampaignContext } from './definitions';
import type { CommunityRecord, MailFailure, Notification, NotificationItem, NotificationKind, StepId, Street } from '../domain';
import { Outbox } from './notify';

export class StreetMail {
  private readonly outbox: Outbox;

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

  get idle(): boolean {
    return this.outbox.idle;
  }
}
