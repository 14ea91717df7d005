/**
 * List cursors: Temporal's next-page token, sealed with an HMAC over the token and the
 * list's query. Temporal cannot be trusted to refuse a forged token cleanly (the dev
 * server answers UNKNOWN, which the client retries until its deadline), so a cursor this
 * API did not make for this very list is a 400 before Temporal sees it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

export class CursorSeal {
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  /**
   * The key kept in `file` (created with a random key, mode 0600, when missing): API
   * processes given the same file accept each other's cursors (behind a load balancer,
   * the next page may be asked of another process), and cursors outlive a restart.
   */
  static fromKeyFile(file: string): CursorSeal {
    try {
      // 'wx': of two processes starting at once, one creates it and both read the same key.
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    if (key.length < 32) throw new Error(`${file}: expected a key of 64 hex digits`);
    return new CursorSeal(key);
  }

  private mac(query: string, token: Buffer): Buffer {
    return createHmac('sha256', this.key).update(query).update('\n').update(token).digest();
  }

  seal(query: string, token: Uint8Array): string {
    const raw = Buffer.from(token);
    return `${raw.toString('base64url')}.${this.mac(query, raw).toString('base64url')}`;
  }

  /** The token, or undefined when the cursor was not made for `query` by this API. */
  open(query: string, cursor: string): Buffer | undefined {
    const [token, mac, ...rest] = cursor.split('.');
    if (token === undefined || mac === undefined || rest.length > 0) return undefined;
    const raw = Buffer.from(token, 'base64url');
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(query, raw);
    return given.length === expected.length && timingSafeEqual(given, expected) ? raw : undefined;
  }
}
