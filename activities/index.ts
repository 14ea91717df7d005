import type { NotificationActivities } from '../domain/notifications';
import type { Mailer } from './mailer';
import { createNotificationActivities } from './notifications';

export interface ActivityDeps {
  /** The worker's one mailer (createMailer), closed by whoever made it once the worker has stopped. */
  mailer: Mailer;
}

/** The activities the worker registers, built once per worker process. */
export function createActivities({ mailer }: ActivityDeps): NotificationActivities {
  return createNotificationActivities(mailer);
}
