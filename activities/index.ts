import type { NotificationActivities } from '../domain/notifications';
import type { Mailer } from './mailer';
import { createNotificationActivities } from './notifications';

export interface ActivityDeps {
  /** The worker's one mailer (createMailer), closed by whoever made it once the worker has stopped. */
  mailer: Mailer;
  /** The board's address (PUBLIC_URL): each email links to the page it speaks of. */
  boardUrl?: string;
}

/** The activities the worker registers, built once per worker process. */
export function createActivities({ mailer, boardUrl }: ActivityDeps): NotificationActivities {
  return createNotificationActivities(mailer, boardUrl);
}
