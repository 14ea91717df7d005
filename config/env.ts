/**
 * The process environment, parsed once (../shared/API.md's configuration table).
 * Every process (npm start, worker, api, scripts) reads its settings from here.
 */
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);
const optional = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const flag = z.enum(['true', 'false']).default('false').transform((v) => v === 'true');

const envSchema = z.object({
  PORT: port.default(3000),
  // Loopback by default: in production a TLS-terminating proxy in front forwards to it.
  HOST: z.string().min(1).default('127.0.0.1'),
  TEMPORAL_ADDRESS: optional,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('huanjie'),
  TEMPORAL_TLS_CERT_PATH: optional,
  TEMPORAL_TLS_KEY_PATH: optional,
  TEMPORAL_TLS_CA_PATH: optional,
  TEMPORAL_TLS_SERVER_NAME: optional,
  // TLS with the system's roots, for a cluster that wants no client certificate.
  TEMPORAL_TLS: flag,
  // A TEMPORAL_ADDRESS off this machine in plain text: refused unless this says so.
  TEMPORAL_ALLOW_PLAINTEXT: flag,
  // The embedded dev server's gRPC port; its Web UI listens 1000 above it (Temporal's convention).
  TEMPORAL_DEV_PORT: port.default(7233),
  SMTP_URL: optional,
  MAIL_FROM: z.string().min(1).default('huanjie@localhost'),
  AUTH_TOKENS_FILE: optional,
  // The payload encryption keys (config/codec-keys.ts); unset: $DATA_DIR/codec-keys.json, which npm start creates.
  CODEC_KEYS_FILE: optional,
  // Origins (comma-separated) of the Temporal Web UI allowed to call the codec endpoint; npm start sets its own UI's.
  CODEC_CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin))),
  // The board's address as users reach it: emails link to its pages. Unset: http://localhost:$PORT.
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  // The Temporal SDK's log level (worker state, bundling, retries); WARN keeps the console quiet.
  LOG_LEVEL: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']).default('WARN'),
  // host:port where the worker serves Prometheus metrics (workflow task latencies, cache hits); unset: none.
  METRICS_ADDRESS: optional,
  // Workflows a worker keeps in memory; unset: as many as its heap holds (worker/worker.ts).
  WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(2).optional(),
});

export type Env = z.infer<typeof envSchema> & { DATA_DIR: string };

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) };
}

/** Where users open the board (PUBLIC_URL), without a trailing slash. */
export const publicUrl = (env: Env): string => (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
