import { createServer } from 'node:net';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port p whose companions p + offset (e.g. the Temporal UI at +1000) are free too. */
export async function freePort(...offsets: number[]): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const all = await Promise.all([port, ...offsets.map((o) => port + o)].map(isFree));
    if (all.every(Boolean)) return port;
  }
}
