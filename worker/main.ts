/**
 * `npm run worker`: a worker alone, against TEMPORAL_ADDRESS. The SDK's Runtime shuts the
 * worker down on SIGINT/SIGTERM: it stops polling, finishes in-flight tasks, then `done` resolves.
 */
import { loadEnv } from '../config/env';
import { cachedWorkflows, installRuntime, startWorker } from './worker';

const env = loadEnv();
installRuntime(env);
startWorker(env)
  .then(({ done }) => {
    console.log(`huanjie worker running, caching up to ${cachedWorkflows(env)} workflows`);
    return done;
  })
  .then(
    () => process.exit(0),
    (err: Error) => {
      console.error(`huanjie worker: ${err.message}`);
      process.exit(1);
    },
  );
