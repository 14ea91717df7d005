import type { Locale } from './locale';
import type { StepId } from './steps';
import type { RuleId } from './violations';

/**
 * The contract between the engine (workflows decide who is told what, and when) and the
 * notification activities (which render and send it). Plain data: it crosses Temporal's
 * payload converter and is recorded in workflow history.
 */
export const NOTIFICATION_KINDS = [
  /** Before a due date, to the street office. */
  'reminder',
  /** On the due date itself, to the street office. */
  'due-today',
  /** Past the due date, to the street's guidance-group leader, office in Cc. */
  'overdue',
  /** Long overdue ("at risk"), to the leader, office in Cc. */
  'at-risk',
  /** Everything escalated to the coordinators at one escalation time, one email per campaign. */
  'escalation-digest',
  /** A coordinator moved due dates, to the street office. */
  'deadline-moved',
  /** An election failed or left seats empty after the runoff: to the leader and the coordinators. */
  'reelection-required',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationItem {
  streetId: string;
  streetName: string;
  /** Absent for a street step (guidance-group, election-plan). */
  communityId?: string;
  communityName?: string;
  step: StepId;
  /** Epoch ms of the due instant. */
  due: number;
  /** deadline-moved: the due instant before the move. */
  previousDue?: number;
  /** deadline-moved: the coordinator's reason; reelection-required: why the election failed. */
  reason?: string;
  atRisk?: boolean;
}

/** A warning of an accepted community step, for the coordinators' next digest. */
export interface WarningItem {
  streetId: string;
  streetName: string;
  communityId: string;
  communityName: string;
  step: StepId;
  rule: RuleId;
  message: string;
  zh: string;
}

/** A permanent delivery failure (5xx, bad address): recorded, reported, never retried. */
export interface MailFailure {
  /** The notification's key. */
  key: string;
  kind: NotificationKind;
  address: string;
  /** SMTP reply code, when the server gave one. */
  code?: number;
  message: string;
  /** Epoch ms of the attempt. */
  at: number;
}

export interface Notification {
  /**
   * Unique per (campaign, street or community, step, kind, occurrence) and the same on
   * every retry: the local part of the Message-ID, so a receiver can drop a duplicate.
   */
  key: string;
  kind: NotificationKind;
  campaign: { id: string; name: string; timezone: string; locale: Locale };
  to: string[];
  cc: string[];
  /** Epoch ms of the moment the notification is about (the reminder or escalation time). */
  at: number;
  items: NotificationItem[];
  /** escalation-digest: late steps beyond those listed in `items`, counted only. */
  more?: number;
  /** escalation-digest: mail that could not be delivered since the previous digest. */
  failures?: MailFailure[];
  /** escalation-digest: warnings of accepted steps since the previous digest. */
  warnings?: WarningItem[];
}

export interface DeliveryReport {
  messageId: string;
  accepted: string[];
  /** Recipients the server refused permanently; the others still got the message. */
  rejected: MailFailure[];
}

/** The activities the engine calls; implemented in activities/, stubbed in workflow unit tests. */
export interface NotificationActivities {
  /**
   * Sends one email. Temporary failures (connection refused, timeouts, 4xx) throw and are
   * retried by Temporal; permanent ones come back in `rejected`, or as a non-retryable
   * `PermanentMailFailure` when nobody could be reached.
   */
  sendNotification(notification: Notification): Promise<DeliveryReport>;
}

/** The activity's name as Temporal records it, for readers of histories. */
export const sendNotificationActivity = 'sendNotification' satisfies keyof NotificationActivities;

export const PERMANENT_MAIL_FAILURE = 'PermanentMailFailure';
