/**
 * A real SMTP server in the test process: it records and parses every message it takes,
 * and refuses what a test tells it to, the way a mail server answers.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The SMTP envelope's recipients (RCPT TO accepted). */
  envelopeTo: string[];
  parsed: ParsedMail;
  /** When it arrived (epoch ms). */
  at: number;
}

export interface RecordingSmtpServer {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Address → reply code to RCPT TO (e.g. 550, 450). */
  refuseRecipient: Map<string, number>;
  /** Reply code to the end of DATA, when set. */
  refuseData?: number;
  close(): Promise<void>;
}

function refusal(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

export async function startRecordingSmtpServer(port = 0): Promise<RecordingSmtpServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onRcptTo(address, _session, callback) {
      const code = recorder.refuseRecipient.get(address.address);
      callback(code ? refusal(code, `mailbox ${address.address} unavailable`) : null);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          if (recorder.refuseData) return callback(refusal(recorder.refuseData, 'message refused'));
          recorder.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed, at: Date.now() });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.server.address() as AddressInfo).port;
  const recorder: RecordingSmtpServer = {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    received: [],
    refuseRecipient: new Map(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return recorder;
}

/** The addresses of a parsed To or Cc header. */
export function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return [field ?? []].flat().flatMap((group) => group.value.map((a) => a.address ?? ''));
}
