/**
 * huanjie's worker and API as child processes, started from their entry points exactly as
 * `npm run worker` / `npm run api` start them: for the drills and the benchmark, which kill
 * them or measure them one by one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from './temporal-binaries';

const tsNode = require.resolve('ts-node/dist/bin');

/** Each entry point, and the line it prints once it is serving. */
const entries = {
  worker: { file: 'worker/main.ts', ready: 'worker running' },
  api: { file: 'api/main.ts', ready: 'listening' },
  /** The benchmark's measure of Temporal itself (bench/bare-worker.ts). */
  'bare-worker': { file: 'bench/bare-worker.ts', ready: 'bare worker running' },
} as const;

export type ProcessKind = keyof typeof entries;

/** Resolves with the process once it says it is serving; rejects if it exits before. */
export function startProcess(kind: ProcessKind, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const { file, ready } = entries[kind];
  const child = spawn(process.execPath, [tsNode, '--transpile-only', file], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes(ready)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before it was serving`)));
  });
}
