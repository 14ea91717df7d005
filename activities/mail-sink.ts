/**
 * `npm start`'s stand-in for a mail server when SMTP_URL is unset: a local SMTP server that
 * keeps every message it is given as an .eml file, so whoever tries huanjie sees exactly
 * what would have been sent (any mail client opens .eml files).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface MailSink {
  /** The smtp:// URL to give the mailer. */
  url: string;
  close(): Promise<void>;
}

export interface MailSinkOptions {
  dir: string;
  /** 0 or absent: a free port of the system's choosing. */
  port?: number;
}

// Mail clients that still hold a pooled connection get this long before the sink hangs up.
const CLOSE_TIMEOUT_MS = 1_000;

function messageIdHeader(raw: Buffer): string | undefined {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const headers = raw.subarray(0, headerEnd < 0 ? raw.length : headerEnd).toString('latin1');
  return /^message-id:\s*(.+)$/im.exec(headers)?.[1].trim();
}

/** Sortable by arrival; the Message-ID tells a retried message's copies apart from new ones. */
function fileName(raw: Buffer, sequence: number): string {
  const time = new Date().toISOString().replace(/[:.]/g, '-');
  const id = (messageIdHeader(raw) ?? 'no-message-id').replace(/^<|>$/g, '').replace(/[^A-Za-z0-9@._=+-]/g, '_');
  return `${time}-${String(sequence).padStart(6, '0')}_${id}.eml`;
}

export async function startMailSink({ dir, port = 0 }: MailSinkOptions): Promise<MailSink> {
  await mkdir(dir, { recursive: true });
  let sequence = 0;
  const server = new SMTPServer({
    authOptional: true,
    // Loopback only, and nothing to protect: no certificate to make or trust.
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: CLOSE_TIMEOUT_MS,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        sequence += 1;
        writeFile(path.join(dir, fileName(raw, sequence)), raw).then(
          () => callback(),
          // 451: the sender keeps the message and tries again later; nothing is lost.
          (err: Error) => callback(Object.assign(new Error(`cannot keep the message: ${err.message}`), { responseCode: 451 })),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
