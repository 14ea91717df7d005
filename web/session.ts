/**
 * Board sessions: a random id in an HttpOnly, SameSite=Strict cookie, the signed-in
 * principal kept here in memory (a restart signs everyone out), forgotten after a spell of
 * idleness. Each session has its own CSRF token, which every form carries back.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Principal } from '../api/auth';

export const sessionCookie = 'huanjie_session';
/** An office PC left for the night signs out. */
export const defaultIdleMs = 8 * 60 * 60 * 1000;

/** What the page after a redirect tells: the step just taken, and its warnings. */
export interface Flash {
  message: string;
  details: string[];
}

export interface Session {
  id: string;
  principal: Principal;
  csrf: string;
  lastSeen: number;
  flash?: Flash;
}

const randomId = () => randomBytes(32).toString('base64url');

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly idleMs = defaultIdleMs,
    private readonly now: () => number = Date.now,
  ) {}

  create(principal: Principal): Session {
    this.sweep();
    const session = { id: randomId(), principal, csrf: randomId(), lastSeen: this.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session of this id, its idle clock restarted; an expired one is forgotten. */
  touch(id: string | undefined): Session | undefined {
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (!session) return undefined;
    if (this.now() - session.lastSeen > this.idleMs) {
      this.sessions.delete(session.id);
      return undefined;
    }
    session.lastSeen = this.now();
    return session;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  private sweep(): void {
    const cutoff = this.now() - this.idleMs;
    for (const [id, session] of this.sessions) if (session.lastSeen < cutoff) this.sessions.delete(id);
  }
}

export function sessionIdOf(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === sessionCookie) return value.join('=');
  }
  return undefined;
}

export function setSessionCookie(res: Response, session: Session, secure: boolean): void {
  res.cookie(sessionCookie, session.id, { httpOnly: true, sameSite: 'strict', path: '/', secure });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(sessionCookie, { httpOnly: true, sameSite: 'strict', path: '/', secure });
}

/** The form's CSRF field matches the session's token. */
export function csrfMatches(session: Session, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(session.csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A state-changing request comes from the board's own pages: its Origin (or, lacking one,
 * its Referer) is the board's public address or the address it was asked at.
 */
export function sameOrigin(req: Request, publicUrl: string | undefined): boolean {
  const from = req.get('origin') ?? originOf(req.get('referer'));
  if (!from) return false;
  const allowed = [originOf(publicUrl), `${req.protocol}://${req.get('host')}`];
  return allowed.includes(from);
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
