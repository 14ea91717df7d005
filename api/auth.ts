/**
 * Bearer tokens (../shared/API.md, "Tokens file"): only their SHA-256 digests are stored,
 * and a presented token's digest is compared to every stored one in constant time, so
 * neither the file nor the response time gives a token away.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { placeIdSchema } from '../domain';
import { Problem } from './problem';

export const ROLES = ['coordinator', 'street', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const tokenEntrySchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9._@-]{1,100}$/, { error: 'expected 1-100 letters, digits or . _ @ -' }),
    role: z.enum(ROLES),
    street: placeIdSchema.optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected the lowercase hex SHA-256 of the token' }),
  })
  .refine((entry) => (entry.role === 'street') === (entry.street !== undefined), {
    error: 'a street token names its street, and only a street token does',
    path: ['street'],
  });

export const tokensFileSchema = z.array(tokenEntrySchema).superRefine((entries, ctx) => {
  const names = new Set<string>();
  entries.forEach((entry, i) => {
    if (names.has(entry.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate token name '${entry.name}'` });
    names.add(entry.name);
  });
});

export type TokenEntry = z.output<typeof tokenEntrySchema>;
/** Who is calling: a token's entry without its digest. */
export type Principal = Omit<TokenEntry, 'sha256'>;

export const sha256Hex = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export function loadTokensFile(file: string): TokenEntry[] {
  const mode = statSync(file).mode & 0o777;
  // Whoever can write it can make themselves admin.
  if (mode & 0o022) throw new Error(`${file}: group or others may write it (mode ${mode.toString(8)}); chmod 600 it`);
  const parsed = tokensFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export class TokenVerifier {
  private entries: { principal: Principal; digest: Buffer }[] = [];

  constructor(entries: readonly TokenEntry[]) {
    this.replace(entries);
  }

  /** The tokens file as reloaded: requests from now on are checked against `entries`. */
  replace(entries: readonly TokenEntry[]): void {
    this.entries = entries.map(({ sha256, ...principal }) => ({ principal, digest: Buffer.from(sha256, 'hex') }));
  }

  verify(token: string): Principal | undefined {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let found: Principal | undefined;
    // No early exit: the time taken does not depend on which entry matched.
    for (const entry of this.entries) {
      if (timingSafeEqual(digest, entry.digest)) found = entry.principal;
    }
    return found;
  }
}

const challenge = { 'WWW-Authenticate': 'Bearer realm="huanjie"' };

/** The board's signed-in user of a request, if any (its session cookie). */
export type SessionPrincipal = (req: Request) => Principal | undefined;

/**
 * A bearer token, or, on a route that changes nothing (the board's download links, the
 * codec the Temporal UI calls), the board's session cookie: SameSite=Strict keeps other
 * sites from sending it.
 */
export function authenticate(verifier: TokenVerifier, sessionPrincipal?: SessionPrincipal): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer ([^\s]+)$/i.exec(req.get('authorization') ?? '');
    const signedIn = !match ? sessionPrincipal?.(req) : undefined;
    if (signedIn) {
      res.locals.principal = signedIn;
      return next();
    }
    if (!match) throw new Problem(401, 'This route needs an Authorization: Bearer <token> header.', undefined, challenge);
    const principal = verifier.verify(match[1]);
    if (!principal) throw new Problem(401, 'The token is unknown.', undefined, challenge);
    res.locals.principal = principal;
    next();
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/** The caller's role is one of `roles`. */
export function ensureRole({ role }: Principal, roles: readonly Role[]): void {
  if (!roles.includes(role)) throw new Problem(403, `A ${role} token may not do this; it takes ${roles.join(' or ')}.`);
}

export function authorize(roles: readonly Role[]): RequestHandler {
  return (_req, res, next) => {
    ensureRole(principalOf(res), roles);
    next();
  };
}

/** A street token acts on its own street only. */
export function ensureStreet(principal: Principal, streetId: string): void {
  if (principal.role === 'street' && principal.street !== streetId) {
    throw new Problem(403, `This token acts for street '${principal.street}' only.`);
  }
}

/** A list's filter as a street token may ask it: its own street's, whatever it asked (another street's: 403). */
export function scopeToStreet<Q extends { street?: string }>(principal: Principal, query: Q): Q {
  if (principal.role !== 'street') return query;
  ensureStreet(principal, query.street ?? principal.street!);
  return { ...query, street: principal.street };
}
