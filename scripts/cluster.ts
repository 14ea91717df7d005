/**
 * `npm run cluster [-- stop | build]`: a Temporal cluster on this machine in production's shape, from
 * packages only: PostgreSQL from Debian's packages (a cluster of its own under
 * $DATA_DIR/cluster, its own port), the Temporal server built with Go from the module proxy
 * (pinned, into .temporal/), its schema on PostgreSQL for the default store and visibility,
 * and its frontend, history, matching and worker services as four processes
 * (scripts/cluster/temporal.yaml). Idempotent: a second run reuses what runs and what exists.
 * It ends by printing TEMPORAL_ADDRESS for the workers and APIs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { loadEnv } from '../config/env';
import { freePort, groupMembers, isFree } from './ports';
import { registerSearchAttributes } from './search-attributes';
import { projectRoot } from './temporal-binaries';

/** The Temporal server release the cluster runs, and the Go toolchain its module asks for. */
const serverVersion = 'v1.32.2';
const goToolchain = 'go1.27.3';
const services = ['frontend', 'history', 'matching', 'worker'] as const;
type Service = (typeof services)[number];

const serverDir = path.join(projectRoot, '.temporal', `server-${serverVersion}`);
const serverBin = path.join(serverDir, 'bin', 'temporal-server');
const sqlTool = path.join(serverDir, 'bin', 'temporal-sql-tool');
const configFile = path.join(projectRoot, 'scripts', 'cluster', 'temporal.yaml');

interface ClusterState {
  pgPort: number;
  pgPassword: string;
  ports: Record<Service, { grpc: number; membership: number }>;
}

/** What the cluster lacks or what went wrong, said to the operator; thrown so a drill can show it too. */
class ClusterError extends Error {}

/** The Temporal server and its SQL tool, built once with `go install` into a staging folder renamed into place. */
function ensureServer(): void {
  if (existsSync(serverBin) && existsSync(sqlTool)) return;
  if (spawnSync('go', ['version']).status !== 0) throw new ClusterError('Go is missing: install it (https://go.dev/dl/), then run npm run cluster again.');
  const staging = `${serverDir}.staging-${process.pid}`;
  mkdirSync(path.join(staging, 'bin'), { recursive: true });
  console.log(`Building the Temporal server ${serverVersion} with Go (the first time only: minutes) ...`);
  const built = spawnSync('go', ['install', `go.temporal.io/server/cmd/server@${serverVersion}`, `go.temporal.io/server/cmd/tools/sql@${serverVersion}`], {
    cwd: staging,
    env: { ...process.env, GOBIN: path.join(staging, 'bin'), CGO_ENABLED: '0', GOTOOLCHAIN: goToolchain },
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new ClusterError('go install of the Temporal server failed (above).');
  renameSync(path.join(staging, 'bin', 'server'), path.join(staging, 'bin', 'temporal-server'));
  renameSync(path.join(staging, 'bin', 'sql'), path.join(staging, 'bin', 'temporal-sql-tool'));
  rmSync(serverDir, { recursive: true, force: true });
  renameSync(staging, serverDir);
}

/** Debian's PostgreSQL binaries (the newest installed). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new ClusterError('PostgreSQL is missing: apt-get install -y postgresql, then run npm run cluster again.');
  return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** PostgreSQL refuses to run as root: as root, its binaries run in a user namespace mapping root to the postgres user. */
function postgres(bin: string, tool: string, args: string[]): ReturnType<typeof spawnSync> {
  const command = path.join(bin, tool);
  return process.getuid?.() === 0
    ? spawnSync('unshare', ['--map-user=postgres', '--map-group=postgres', '--', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
}

/** A free port Temporal can record: its cluster_membership table keeps ports as SQL smallint. */
async function smallPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 32_768) return port;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie or a recycled pid has another (or no) command line.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('temporal-server');
  } catch {
    return false;
  }
}

/**
 * One cluster, kept in `dir` (normally $DATA_DIR/cluster): PostgreSQL's data, the ports and
 * password chosen at its first start (cluster.json), each service's pid file and log.
 */
export class Cluster {
  private state?: ClusterState;

  constructor(readonly dir: string) {}

  private get stateFile(): string {
    return path.join(this.dir, 'cluster.json');
  }

  private pidFile(service: Service): string {
    return path.join(this.dir, `${service}.pid`);
  }

  /** The running process of a service, if any. */
  pid(service: Service): number | undefined {
    const file = this.pidFile(service);
    const pid = existsSync(file) ? Number(readFileSync(file, 'utf8')) : undefined;
    return pid !== undefined && alive(pid) ? pid : undefined;
  }

  /** Every process of the running cluster: its services, PostgreSQL's server and its backends. */
  processes(): number[] {
    const running = services.flatMap((service) => this.pid(service) ?? []);
    const postmaster = path.join(this.dir, 'postgres', 'postmaster.pid');
    // pg_ctl starts the postmaster in a session of its own, its backends in its process group.
    return existsSync(postmaster) ? [...running, ...groupMembers(Number(readFileSync(postmaster, 'utf8').split('\n')[0]))] : running;
  }

  get address(): string {
    return `127.0.0.1:${this.loadedState().ports.frontend.grpc}`;
  }

  /** Everything up (built first if need be), the namespace ready; returns TEMPORAL_ADDRESS. */
  async up(namespace: string): Promise<string> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    ensureServer();
    await this.loadState();
    this.startPostgres();
    this.setupSchemas();
    await this.startServices();
    await this.ready(namespace);
    return this.address;
  }

  /**
   * Starts the services that are not running (all four the first time, one after a crash) and
   * waits until each listens. History goes first: on a new database the first service to start
   * writes the cluster's metadata, and services starting at once race to insert it and exit.
   */
  async startServices(): Promise<void> {
    // What scripts/cluster/temporal.yaml reads: the same for all four.
    const state = this.loadedState();
    const env: NodeJS.ProcessEnv = { ...process.env, HUANJIE_PG_PORT: String(state.pgPort), HUANJIE_PG_PASSWORD: state.pgPassword };
    for (const service of services) {
      env[`HUANJIE_${service.toUpperCase()}_PORT`] = String(state.ports[service].grpc);
      env[`HUANJIE_${service.toUpperCase()}_MEMBERSHIP_PORT`] = String(state.ports[service].membership);
    }
    for (const batch of [['history'], ['matching', 'frontend', 'worker']] as Service[][]) {
      await Promise.all(batch.filter((service) => this.pid(service) === undefined).map((service) => this.startService(service, env)));
    }
  }

  private async startService(service: Service, env: NodeJS.ProcessEnv): Promise<void> {
    const state = this.loadedState();
    const logFile = path.join(this.dir, `${service}.log`);
    const child = spawn(serverBin, ['--config-file', configFile, '--allow-no-auth', 'start', `--service=${service}`], {
      cwd: projectRoot,
      env,
      detached: true,
      stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
    });
    child.unref();
    writeFileSync(this.pidFile(service), String(child.pid), { mode: 0o600 });
    for (const deadline = Date.now() + 90_000; await isFree(state.ports[service].grpc); await sleep(250)) {
      if (!alive(child.pid!) || Date.now() > deadline) {
        const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join('\n');
        throw new ClusterError(`the ${service} service did not start (${logFile}):\n${tail}`);
      }
    }
  }

  /** Sends `signal` to a service and waits until its process is gone (SIGKILL after 30 s). */
  async stopService(service: Service, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const pid = this.pid(service);
    rmSync(this.pidFile(service), { force: true });
    if (pid === undefined) return;
    process.kill(pid, signal);
    for (let waited = 0; alive(pid); waited += 100) {
      if (waited === 30_000) process.kill(pid, 'SIGKILL');
      await sleep(100);
    }
  }

  /** The four services stopped (each waited for), then PostgreSQL. */
  async down(): Promise<void> {
    await Promise.all(services.map((service) => this.stopService(service)));
    const data = path.join(this.dir, 'postgres');
    if (existsSync(data)) postgres(postgresBin(), 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  }

  private loadedState(): ClusterState {
    if (!this.state) this.state = JSON.parse(readFileSync(this.stateFile, 'utf8')) as ClusterState;
    return this.state;
  }

  private async loadState(): Promise<void> {
    if (existsSync(this.stateFile)) return void this.loadedState();
    const ports = {} as ClusterState['ports'];
    for (const service of services) ports[service] = { grpc: await smallPort(), membership: await smallPort() };
    this.state = { pgPort: await freePort(), pgPassword: randomBytes(16).toString('hex'), ports };
    writeFileSync(this.stateFile, JSON.stringify(this.state, null, 2), { mode: 0o600 });
  }

  private startPostgres(): void {
    const state = this.loadedState();
    const bin = postgresBin();
    const data = path.join(this.dir, 'postgres');
    if (!existsSync(path.join(data, 'PG_VERSION'))) {
      const pwfile = path.join(this.dir, 'pg-password');
      writeFileSync(pwfile, state.pgPassword, { mode: 0o600 });
      const init = postgres(bin, 'initdb', ['-D', data, '-U', 'temporal', '-E', 'UTF8', '--locale=C.UTF-8', '--auth-host=scram-sha-256', '--auth-local=trust', `--pwfile=${pwfile}`]);
      rmSync(pwfile);
      if (init.status !== 0) throw new ClusterError(`initdb failed: ${String(init.stderr)}`);
    }
    if (postgres(bin, 'pg_ctl', ['-D', data, 'status']).status === 0) return;
    const options = `-c port=${state.pgPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200`;
    const started = postgres(bin, 'pg_ctl', ['-D', data, '-l', path.join(this.dir, 'postgres.log'), '-w', '-t', '60', '-o', options, 'start']);
    if (started.status !== 0) throw new ClusterError(`PostgreSQL did not start: see ${path.join(this.dir, 'postgres.log')}`);
  }

  /** The two databases and their schemas; every command is safe to repeat. */
  private setupSchemas(): void {
    const state = this.loadedState();
    const env = { ...process.env, SQL_HOST: '127.0.0.1', SQL_PORT: String(state.pgPort), SQL_USER: 'temporal', SQL_PASSWORD: state.pgPassword, SQL_PLUGIN: 'postgres12' };
    const sql = (db: string, ...args: string[]) => spawnSync(sqlTool, ['--db', db, ...args], { env, encoding: 'utf8' });
    for (const [db, schema] of [['temporal', 'postgresql/v12/temporal'], ['temporal_visibility', 'postgresql/v12/visibility']]) {
      const created = sql(db, 'create-database');
      if (created.status !== 0 && !/already exists/.test(`${created.stdout}${created.stderr}`)) throw new ClusterError(`creating ${db} failed: ${created.stderr}`);
      for (const step of [['setup-schema', '-v', '0.0'], ['update-schema', '--schema-name', schema]]) {
        const done = sql(db, ...step);
        if (done.status !== 0) throw new ClusterError(`${step[0]} of ${db} failed: ${done.stderr}`);
      }
    }
  }

  /** The frontend answering, the namespace and huanjie's search attributes in it. */
  private async ready(namespace: string): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        const connection = await Connection.connect({ address: this.address, connectTimeout: 2_000 });
        try {
          await connection.workflowService
            .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('7 days') })
            .catch((err: { code?: number }) => {
              // 6: ALREADY_EXISTS.
              if (err.code !== 6) throw err;
            });
          await registerSearchAttributes(connection, namespace);
          return;
        } finally {
          await connection.close();
        }
      } catch (err) {
        if (Date.now() > deadline) throw new ClusterError(`the cluster did not become ready: ${String(err)} (logs in ${this.dir})`);
        await sleep(2_000);
      }
    }
  }
}

async function main(): Promise<void> {
  const env = loadEnv();
  const cluster = new Cluster(path.join(env.DATA_DIR, 'cluster'));
  if (process.argv[2] === 'stop') {
    await cluster.down();
    console.log('huanjie cluster stopped');
    return;
  }
  if (process.argv[2] === 'build') return ensureServer();
  const address = await cluster.up(env.TEMPORAL_NAMESPACE);
  console.log(`huanjie cluster running: TEMPORAL_ADDRESS=${address} (logs in ${cluster.dir}; npm run cluster -- stop)`);
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`huanjie cluster: ${err.message}`);
    process.exit(1);
  });
}
