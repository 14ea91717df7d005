/**
 * How every huanjie process reaches Temporal: the embedded dev server that `npm start`
 * runs, or the cluster that TEMPORAL_ADDRESS names (with mTLS when cert paths are set).
 */
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { Env } from './env';

export interface TemporalTarget {
  address: string;
  namespace: string;
  taskQueue: string;
  tls?: TLSConfig;
}

export function devServerAddress(env: Env): string {
  return `127.0.0.1:${env.TEMPORAL_DEV_PORT}`;
}

function tlsFromEnv(env: Env): TLSConfig | undefined {
  const { TEMPORAL_TLS_CERT_PATH: cert, TEMPORAL_TLS_KEY_PATH: key, TEMPORAL_TLS_CA_PATH: ca } = env;
  if (!cert && !key && !ca) return undefined;
  if (!cert !== !key) throw new Error('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together');
  return {
    ...(cert && key ? { clientCertPair: { crt: readFileSync(cert), key: readFileSync(key) } } : {}),
    ...(ca ? { serverRootCACertificate: readFileSync(ca) } : {}),
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
}

export function temporalTarget(env: Env): TemporalTarget {
  return {
    address: env.TEMPORAL_ADDRESS ?? devServerAddress(env),
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    tls: tlsFromEnv(env),
  };
}
