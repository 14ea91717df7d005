/**
 * How every huanjie process reaches Temporal: the embedded dev server that `npm start`
 * runs, or the cluster that TEMPORAL_ADDRESS names (with mTLS when cert paths are set).
 */
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { Env } from './env';
import { isLoopback } from './loopback';

export interface TemporalTarget {
  address: string;
  namespace: string;
  taskQueue: string;
  tls?: TLSConfig | boolean;
}

export function devServerAddress(env: Env): string {
  return `127.0.0.1:${env.TEMPORAL_DEV_PORT}`;
}

function tlsFromEnv(env: Env): TLSConfig | boolean | undefined {
  const { TEMPORAL_TLS_CERT_PATH: cert, TEMPORAL_TLS_KEY_PATH: key, TEMPORAL_TLS_CA_PATH: ca } = env;
  if (!cert && !key && !ca) return env.TEMPORAL_TLS || undefined;
  if (!cert !== !key) throw new Error('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together');
  return {
    ...(cert && key ? { clientCertPair: { crt: readFileSync(cert), key: readFileSync(key) } } : {}),
    ...(ca ? { serverRootCACertificate: readFileSync(ca) } : {}),
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
}

/** The host of `host:port`, `[v6]:port` or a bare host. */
function hostOf(address: string): string {
  const v6 = /^\[([^\]]+)\]/.exec(address);
  if (v6) return v6[1];
  return address.split(':').length === 2 ? address.split(':')[0] : address;
}

export function temporalTarget(env: Env): TemporalTarget {
  const address = env.TEMPORAL_ADDRESS ?? devServerAddress(env);
  const tls = tlsFromEnv(env);
  // Workflow histories carry personal data: off this machine they travel encrypted.
  if (!tls && !isLoopback(hostOf(address)) && !env.TEMPORAL_ALLOW_PLAINTEXT) {
    throw new Error(
      `TEMPORAL_ADDRESS ${address} is not on this machine and TLS is off: set TEMPORAL_TLS=true ` +
        '(or the TEMPORAL_TLS_* certificate paths), or TEMPORAL_ALLOW_PLAINTEXT=true for a trusted network',
    );
  }
  return { address, namespace: env.TEMPORAL_NAMESPACE, taskQueue: env.TEMPORAL_TASK_QUEUE, tls };
}
