/**
 * The worker's one SMTP transport: pooled, so a burst of reminders (one per street at the
 * same reminder time) shares a few connections instead of opening one per email.
 */
import nodemailer, { type NodemailerError } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { isLoopback } from '../config/loopback';

export interface OutgoingMail {
  /** The Message-ID header, angle brackets included. */
  messageId: string;
  to: string[];
  cc: string[];
  /**
   * The SMTP envelope's recipients when only some of To and Cc still need the message
   * (a retry after a partial delivery); the headers stay those of the original message.
   */
  recipients?: string[];
  subject: string;
  text: string;
  html?: string;
}

export interface SentMail {
  accepted: string[];
  /** Recipients the server refused while it took the message for the others. */
  rejectedErrors: NodemailerError[];
}

export interface Mailer {
  /** Rejects with nodemailer's error (code, responseCode, permanent, rejectedErrors) when nobody got it. */
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl: string;
  from: string;
}

/**
 * The transport's options. Off this machine the server must offer STARTTLS (or the URL be
 * smtps:): names and personal data must not cross the network in clear.
 */
export function transportOptions(smtpUrl: string): SMTPPool.Options & { url: string } {
  return {
    url: smtpUrl,
    requireTLS: !isLoopback(new URL(smtpUrl).hostname),
    pool: true,
    // Temporal's retry policy is the one retry loop: its attempts and backoff show in history.
    maxRequeues: 0,
    // A stalled server must fail the attempt well inside the activity's start-to-close timeout.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

export function createMailer({ smtpUrl, from }: MailerOptions): Mailer {
  const transport = nodemailer.createTransport(transportOptions(smtpUrl));
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from,
        to: mail.to,
        cc: mail.cc,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        ...(mail.recipients ? { envelope: { from, to: mail.recipients } } : {}),
        // RFC 3834: out-of-office responders must not answer a machine.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      return { accepted: info.accepted, rejectedErrors: info.rejectedErrors ?? [] };
    },
    close: () => transport.close(),
  };
}
