/**
 * List cursors: Temporal's next-page token, sealed with an HMAC over the token and the
 * list's query. Temporal cannot be trusted to refuse a forged token cleanly (the dev
 * server answers UNKNOWN, which the client retries until its deadline), so a cursor this
 * API did not make for this very list is a 400 before Temporal sees it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenEntry } from './auth';

export class CursorSeal {
  constructor(private readonly key: Buffer) {}

  /**
   * API processes that share a tokens file accept each other's cursors (behind a load
   * balancer, the next page may be asked of another process).
   */
  static fromTokens(tokens: readonly TokenEntry[]): CursorSeal {
    const hash = createHash('sha256').update('huanjie list cursor\n');
    for (const { sha256 } of tokens) hash.update(sha256);
    return new CursorSeal(hash.digest());
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
