/** `npm run api`: the API alone, against TEMPORAL_ADDRESS (many may run behind a load balancer). */
import { loadEnv } from '../config/env';
import { startApi } from './server';

async function main() {
  const api = await startApi(loadEnv());
  console.log(`huanjie API listening on http://localhost:${api.port}/api`);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      api.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
  process.on('SIGHUP', () => api.reloadTokens());
}

main().catch((err: Error) => {
  console.error(`huanjie api: ${err.message}`);
  process.exit(1);
});
