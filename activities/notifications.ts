/**
 * The notification activities the engine calls: render, send, and tell Temporal whether a
 * failure is worth retrying. Exactly once as far as SMTP allows: every attempt sends the
 * same Message-ID, and recipients an earlier attempt already settled are not sent to again.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { NodemailerError } from 'nodemailer';
import {
  PERMANENT_MAIL_FAILURE,
  type DeliveryReport,
  type MailFailure,
  type Notification,
  type NotificationActivities,
} from '../domain/notifications';
import type { Mailer } from './mailer';
import { renderNotification } from './templates/render';

// RFC 5322 atext, less '=' (the escape) and '.' (a dot-atom may not start, end or double one).
const ID_SAFE = /^[A-Za-z0-9!#$%&'*+\-/?^_`{|}~]$/;

/**
 * `<key@huanjie>`, the key's characters outside a dot-atom escaped as =XX of their UTF-8
 * bytes: one-to-one, so distinct keys never share a Message-ID.
 */
export function messageIdOf(key: string): string {
  const local = [...Buffer.from(key, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return ID_SAFE.test(char) ? char : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
  return `<${local}@huanjie>`;
}

/** What earlier attempts settled; kept in heartbeat details, which Temporal hands to the next attempt. */
interface Progress {
  accepted: string[];
  rejected: MailFailure[];
}

/** One SMTP transaction's result: who got it, who never will, and whether to try again. */
interface Outcome {
  accepted: string[];
  refused: MailFailure[];
  /** Set when someone may still get it on a later attempt (connection trouble, 4xx). */
  retry?: Error;
}

type Refusal = (address: string, err: NodemailerError) => MailFailure;

function describe(err: NodemailerError): string {
  return [err.code, err.response ?? err.message].filter(Boolean).join(' ');
}

/** Per-recipient replies: 5xx are final, anything else (4xx, 503) is worth another attempt. */
function settle(accepted: string[], rejectedErrors: NodemailerError[], refusal: Refusal): Outcome {
  const deferred = rejectedErrors.filter((e) => !e.permanent);
  return {
    accepted,
    refused: rejectedErrors.filter((e) => e.permanent).map((e) => refusal(e.recipient ?? '', e)),
    ...(deferred.length ? { retry: new Error(`deferred: ${deferred.map((e) => `${e.recipient} ${describe(e)}`).join('; ')}`) } : {}),
  };
}

function classify(err: NodemailerError, recipients: string[], refusal: Refusal): Outcome {
  if (err.rejectedErrors?.length) return settle([], err.rejectedErrors, refusal);
  // The server refused the sender or the message itself (5xx to MAIL FROM or DATA), or
  // nodemailer refused the envelope before sending: nobody will get it by trying again.
  const refusesMessage = (err.code === 'EENVELOPE' || err.code === 'EMESSAGE') && err.permanent !== false;
  if (refusesMessage) return { accepted: [], refused: recipients.map((address) => refusal(address, err)) };
  return { accepted: [], refused: [], retry: new Error(`SMTP failed, will retry: ${describe(err)}`) };
}

export function createNotificationActivities(mailer: Mailer, boardUrl?: string): NotificationActivities {
  return {
    async sendNotification(n: Notification): Promise<DeliveryReport> {
      const context = Context.current();
      const before: Progress = context.info.heartbeatDetails ?? { accepted: [], rejected: [] };
      const settled = new Set([...before.accepted, ...before.rejected.map((f) => f.address)]);
      const recipients = [...new Set([...n.to, ...n.cc])].filter((address) => !settled.has(address));
      const messageId = messageIdOf(n.key);

      const refusal: Refusal = (address, err) => ({
        key: n.key,
        kind: n.kind,
        address,
        ...(err.responseCode ? { code: err.responseCode } : {}),
        // The reply without its code, which has a field of its own.
        message: (err.response ?? err.message).replace(/^\d{3}[ -]?/, ''),
        at: Date.now(),
      });
      const outcome = await mailer
        .send({ messageId, to: n.to, cc: n.cc, ...(settled.size ? { recipients } : {}), ...renderNotification(n, boardUrl) })
        .then(
          (sent) => settle(sent.accepted, sent.rejectedErrors, refusal),
          (err: NodemailerError) => classify(err, recipients, refusal),
        );

      const progress: Progress = {
        accepted: [...before.accepted, ...outcome.accepted],
        rejected: [...before.rejected, ...outcome.refused],
      };
      if (outcome.retry) {
        if (outcome.accepted.length || outcome.refused.length) context.heartbeat(progress);
        throw outcome.retry;
      }
      if (!progress.accepted.length) {
        throw ApplicationFailure.nonRetryable(
          `every recipient of ${messageId} was refused: ${progress.rejected.map((f) => f.address).join(', ')}`,
          PERMANENT_MAIL_FAILURE,
          progress.rejected,
        );
      }
      return { messageId, ...progress };
    },
  };
}
