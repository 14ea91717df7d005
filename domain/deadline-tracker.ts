import {
  deadlineEvents,
  escalationLevel,
  isAtRisk,
  isOverdue,
  nextCoordinatorTime,
  type DeadlineConfig,
} from './deadlines';
import { onTime, type DeadlineView, type StepRecord } from './states';
import type { StepId } from './steps';

/**
 * The deadlines of a street's units (the street itself and each of its communities), as a
 * pure state machine: given each unit's current step and `now`, it says which emails go out,
 * what escalates to the coordinators, which flags changed and when to wake next. The street
 * workflow keeps its state (carried across continue-as-new) and does what it says; the
 * tests drive it directly, with no Temporal.
 */

/** The deadline of one unit's current step. */
export interface DeadlineTrack {
  step: StepId;
  dueAt: number;
  /** Events at or before this instant have been handled. */
  handledUntil: number;
  remindersSent: number;
  escalationLevel: number;
  overdue: boolean;
  atRisk: boolean;
}

export interface DeadlineFlags {
  overdue: boolean;
  atRisk: boolean;
}

export interface DeadlineTrackerState {
  /** By `${unit}/${step}`; kept after the step is done, for its reminder count and escalation level. */
  tracks: Record<string, DeadlineTrack>;
  /** The flags last published per unit. */
  flags: Record<string, DeadlineFlags>;
}

/** A unit and its current step, or null once every step is done. */
export interface UnitDeadline {
  unit: string;
  current: { step: StepId; dueAt: number } | null;
}

export interface DeadlineItem {
  unit: string;
  step: StepId;
  dueAt: number;
  atRisk?: boolean;
}

export type DeadlineMailKind = 'reminder' | 'due-today' | 'overdue' | 'at-risk';

/** One email per kind and time, listing every unit concerned. */
export interface DeadlineMail {
  kind: DeadlineMailKind;
  at: number;
  items: DeadlineItem[];
}

/** What escalates to the coordinators at one escalation time. */
export interface CoordinatorEscalation {
  at: number;
  items: DeadlineItem[];
}

export interface DeadlineTick {
  mails: DeadlineMail[];
  escalations: CoordinatorEscalation[];
  /** Units whose flags changed, with their new flags. */
  flags: { unit: string; flags: DeadlineFlags }[];
}

const noFlags: DeadlineFlags = { overdue: false, atRisk: false };

export class DeadlineTracker {
  constructor(
    private readonly config: DeadlineConfig,
    private readonly state: DeadlineTrackerState,
  ) {}

  private static key(unit: string, step: StepId): string {
    return `${unit}/${step}`;
  }

  private trackOf(unit: string, step: StepId): DeadlineTrack | undefined {
    const key = DeadlineTracker.key(unit, step);
    return Object.hasOwn(this.state.tracks, key) ? this.state.tracks[key] : undefined;
  }

  /** The track of a unit's current step, if it has one yet. */
  current(unit: string, step: StepId | 'done'): DeadlineTrack | undefined {
    return step === 'done' ? undefined : this.trackOf(unit, step);
  }

  private currentOf({ unit, current }: UnitDeadline): DeadlineTrack | undefined {
    return this.current(unit, current?.step ?? 'done');
  }

  /** A step's deadline fields as the API shows them. */
  view(unit: string, record: StepRecord, now: number): DeadlineView {
    const track = this.trackOf(unit, record.step);
    if (record.status === 'done') {
      return track ? { overdue: false, remindersSent: track.remindersSent, escalationLevel: track.escalationLevel } : onTime;
    }
    return { overdue: isOverdue(record.dueAt, now), remindersSent: track?.remindersSent ?? 0, escalationLevel: track?.escalationLevel ?? 0 };
  }

  /** Everything that has come due by `now`, handled once. */
  tick(units: readonly UnitDeadline[], now: number): DeadlineTick {
    const mails = new Map<string, DeadlineMail>();
    const mail = (kind: DeadlineMailKind, at: number, item: DeadlineItem) => {
      const batch = mails.get(`${kind}@${at}`) ?? { kind, at, items: [] };
      batch.items.push(item);
      mails.set(`${kind}@${at}`, batch);
    };
    for (const unit of units) this.sync(unit, now, mail);
    const escalations = new Map<number, DeadlineItem[]>();
    for (const unit of units) {
      const track = this.currentOf(unit);
      if (!track) continue;
      this.advance(unit.unit, track, now, mail);
      if (track.overdue) {
        for (let at = nextCoordinatorTime(track.dueAt, this.config, track.handledUntil); at <= now; at = nextCoordinatorTime(track.dueAt, this.config, at)) {
          escalations.set(at, [...(escalations.get(at) ?? []), { unit: unit.unit, step: track.step, dueAt: track.dueAt }]);
        }
        track.escalationLevel = escalationLevel(track.dueAt, this.config, now);
      }
      track.handledUntil = now;
    }
    return {
      mails: [...mails.values()],
      escalations: [...escalations].map(([at, items]) => ({ at, items })),
      flags: this.changedFlags(units),
    };
  }

  /** The earliest instant at which `tick` has something to do, or Infinity. */
  nextWake(units: readonly UnitDeadline[]): number {
    let next = Infinity;
    for (const unit of units) {
      const track = this.currentOf(unit);
      if (!track) continue;
      const event = deadlineEvents(track.dueAt, this.config).find((e) => e.at > track.handledUntil);
      if (event) next = Math.min(next, event.at);
      // Coordinator escalations too, so the escalation level shown stays current.
      if (track.overdue) next = Math.min(next, nextCoordinatorTime(track.dueAt, this.config, track.handledUntil));
    }
    return next;
  }

  /**
   * Gives the unit's current step a track; a new or moved due date starts it afresh.
   * Reminders that fell before the step was current are not sent; lateness it already has
   * is, once, at once.
   */
  private sync(unit: UnitDeadline, now: number, mail: (kind: DeadlineMailKind, at: number, item: DeadlineItem) => void): void {
    if (!unit.current) return;
    const { step, dueAt } = unit.current;
    const previous = this.trackOf(unit.unit, step);
    if (previous?.dueAt === dueAt) return;
    const overdue = isOverdue(dueAt, now);
    const track: DeadlineTrack = {
      step,
      dueAt,
      handledUntil: now,
      remindersSent: previous?.remindersSent ?? 0,
      overdue,
      atRisk: isAtRisk(dueAt, now, this.config),
      escalationLevel: overdue ? escalationLevel(dueAt, this.config, now) : 0,
    };
    this.state.tracks[DeadlineTracker.key(unit.unit, step)] = track;
    const late = deadlineEvents(dueAt, this.config).filter((e) => e.at <= now && (e.kind === 'leader' || e.kind === 'at-risk'));
    const latest = late[late.length - 1];
    if (latest && !previous?.overdue) {
      mail(latest.kind === 'leader' ? 'overdue' : 'at-risk', now, { unit: unit.unit, step, dueAt, atRisk: track.atRisk });
    }
  }

  /** The track's events since it was last handled, up to `now`. */
  private advance(unit: string, track: DeadlineTrack, now: number, mail: (kind: DeadlineMailKind, at: number, item: DeadlineItem) => void): void {
    for (const event of deadlineEvents(track.dueAt, this.config)) {
      if (event.at <= track.handledUntil || event.at > now) continue;
      const item = { unit, step: track.step, dueAt: track.dueAt };
      if (event.kind === 'reminder' || event.kind === 'due-today') {
        track.remindersSent += 1;
        mail(event.kind, event.at, item);
      } else if (event.kind === 'overdue') {
        track.overdue = true;
      } else if (event.kind === 'at-risk') {
        Object.assign(track, { overdue: true, atRisk: true });
        mail('at-risk', event.at, { ...item, atRisk: true });
      } else {
        mail('overdue', event.at, item);
      }
    }
  }

  private changedFlags(units: readonly UnitDeadline[]): DeadlineTick['flags'] {
    const changed: DeadlineTick['flags'] = [];
    for (const unit of units) {
      const track = this.currentOf(unit);
      const flags = { overdue: track?.overdue ?? false, atRisk: track?.atRisk ?? false };
      const last = Object.hasOwn(this.state.flags, unit.unit) ? this.state.flags[unit.unit] : noFlags;
      if (flags.overdue === last.overdue && flags.atRisk === last.atRisk) continue;
      this.state.flags[unit.unit] = flags;
      changed.push({ unit: unit.unit, flags });
    }
    return changed;
  }
}
