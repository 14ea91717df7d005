/**
 * Sending email from a workflow without stopping it: each notification is an activity
 * that Temporal retries with backoff for as long as SMTP answers temporarily (down,
 * timeouts, 4xx); a permanent refusal is not retried but recorded by the caller.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import { PERMANENT_MAIL_FAILURE, type MailFailure, type Notification, type NotificationActivities } from '../domain';

const { sendNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    // An SMTP server back from an outage gets its backlog within a minute.
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [PERMANENT_MAIL_FAILURE],
  },
});

/** Notifications in flight; a workflow waits for them before it completes or continues as new. */
export class Outbox {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly onFailures: (failures: MailFailure[]) => void) {}

  send(notification: Notification): void {
    const sending = sendNotification(notification)
      .then(
        (report) => report.rejected,
        (err: unknown) => permanentFailures(err, notification),
      )
      .then((failures) => {
        if (failures.length > 0) this.onFailures(failures);
      })
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  get idle(): boolean {
    return this.inFlight.size === 0;
  }
}

function permanentFailures(err: unknown, notification: Notification): MailFailure[] {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.type === PERMANENT_MAIL_FAILURE) {
    const recorded = cause.details?.[0] as MailFailure[] | undefined;
    if (recorded?.length) return recorded;
  }
  const message = err instanceof Error ? err.message : String(err);
  return [...notification.to, ...notification.cc].map((address) => ({
    key: notification.key,
    kind: notification.kind,
    address,
    message,
    at: Date.now(),
  }));
}
