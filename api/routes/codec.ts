/**
 * The codec endpoint (Temporal's codec-server protocol) for the Temporal Web UI and CLI:
 * they send the payloads they show, encrypted, and an admin gets them back in clear. The
 * codec is the API client's own (config/codec.ts), so it decrypts with the same keys.
 * Every other caller gets 401 or 403, and the UI then shows the ciphertext.
 *
 * The UI calls from its own origin: CORS admits the origins of CODEC_CORS_ORIGINS only,
 * with credentials, so that the browser may send the admin's token or session along.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { ApplicationFailure, type Payload } from '@temporalio/common';
import { decode, encode } from '@temporalio/common/lib/internal-non-workflow';
import { CodecErrors } from '../../config/codec';
import { Problem, type ProblemError } from '../problem';
import { defineRoute, type Route } from '../route';

/** Proto JSON's bytes: base64, standard or URL-safe. */
const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, { error: 'expected base64' });

// z.object, not strictObject: the protocol is proto JSON, which may carry fields this API does not use.
const jsonPayloadSchema = z.object({
  metadata: z.record(z.string(), base64).nullish(),
  data: base64.nullish(),
});

const codecBodySchema = z.strictObject({ payloads: z.array(jsonPayloadSchema) });

type JsonPayload = z.output<typeof jsonPayloadSchema>;

const fromJson = ({ metadata, data }: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
  data: Buffer.from(data ?? '', 'base64'),
});

const toJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  data: Buffer.from(data ?? []).toString('base64'),
});

const codecFailureTypes = new Set<string>(Object.values(CodecErrors));

/** Each payload apart, so that a refusal names every payload that does not decrypt. */
async function decodeEach(codecs: Parameters<typeof decode>[0], payloads: Payload[]): Promise<Payload[]> {
  const results = await Promise.allSettled(payloads.map(async (payload) => (await decode(codecs, [payload]))[0]));
  const errors: ProblemError[] = results.flatMap((result, i) => {
    if (result.status === 'fulfilled') return [];
    const err: unknown = result.reason;
    if (!(err instanceof ApplicationFailure) || !codecFailureTypes.has(err.type ?? '')) throw err;
    return [{ path: `payloads.${i}`, rule: err.type!, message: err.message }];
  });
  if (errors.length) throw new Problem(422, 'Some payloads do not decrypt with the API’s codec keys.', errors);
  return results.map((result) => (result as PromiseFulfilledResult<Payload>).value);
}

/** A decrypted history holds up to Temporal's 2 MB per payload, in base64. */
const bodyLimit = '8mb';

const decodeRoute = defineRoute({
  method: 'post',
  readOnly: true,
  id: 'decodePayloads',
  path: '/codec/decode',
  summary: "Decrypts payloads for the Temporal Web UI and CLI (Temporal's codec-server protocol)",
  access: ['admin'],
  body: codecBodySchema,
  bodyLimit,
  success: { status: 200, description: 'The payloads in clear, in the order given', schema: codecBodySchema },
  errors: [422],
  async handle({ body, temporal, notes }) {
    notes.payloads = body.payloads.length;
    const decoded = await decodeEach(temporal.client.options.loadedDataConverter.payloadCodecs, body.payloads.map(fromJson));
    return { payloads: decoded.map(toJson) };
  },
});

const encodeRoute = defineRoute({
  method: 'post',
  readOnly: true,
  id: 'encodePayloads',
  path: '/codec/encode',
  summary: "Encrypts payloads the Temporal Web UI or CLI sends (Temporal's codec-server protocol)",
  access: ['admin'],
  body: codecBodySchema,
  bodyLimit,
  success: { status: 200, description: 'The payloads encrypted with the active key, in the order given', schema: codecBodySchema },
  errors: [],
  async handle({ body, temporal, notes }) {
    notes.payloads = body.payloads.length;
    const encoded = await encode(temporal.client.options.loadedDataConverter.payloadCodecs, body.payloads.map(fromJson));
    return { payloads: encoded.map(toJson) };
  },
});

export const codecRoutes: readonly Route[] = [decodeRoute, encodeRoute];

/** Where the codec routes live: `codecCors` guards this prefix. */
export const codecPath = '/api/codec';

const preflightMaxAgeS = 600;

/**
 * CORS for the codec routes: a browser page from an origin of `origins` may call them,
 * credentials included; a page from any other origin is refused before anything runs.
 * Callers without an Origin header (the CLI) are no browser and need no CORS.
 */
export function codecCors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin === undefined) return next();
    if (!allowed.has(origin)) throw new Problem(403, `Pages from ${origin} may not call the codec endpoint; CODEC_CORS_ORIGINS lists the origins that may.`);
    res.vary('Origin').set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
    if (req.method !== 'OPTIONS') return next();
    res
      .set({
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Namespace',
        'Access-Control-Max-Age': String(preflightMaxAgeS),
      })
      .status(204)
      .end();
  };
}
