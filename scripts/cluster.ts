/**
 * `npm run cluster [-- stop]`: a Temporal cluster on this machine in production's shape, from
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
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { loadEnv } from '../config/env';
import { freePort } from './ports';
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

function fail(message: string): never {
  console.error(`huanjie cluster: ${message}`);
  process.exit(1);
}

/** The Temporal server and its SQL tool, built once with `go install` into a staging folder renamed into place. */
function ensureServer(): void {
  if (existsSync(serverBin) && existsSync(sqlTool)) return;
  if (spawnSync('go', ['version']).status !== 0) fail('Go is missing: install it (https://go.dev/dl/), then run npm run cluster again.');
  const staging = `${serverDir}.staging-${process.pid}`;
  mkdirSync(path.join(staging, 'bin'), { recursive: true });
  console.log(`Building the Temporal server ${serverVersion} with Go (the first time only: minutes) ...`);
  const built = spawnSync('go', ['install', `go.temporal.io/server/cmd/server@${serverVersion}`, `go.temporal.io/server/cmd/tools/sql@${serverVersion}`], {
    cwd: staging,
    env: { ...process.env, GOBIN: path.join(staging, 'bin'), CGO_ENABLED: '0', GOTOOLCHAIN: goToolchain },
    stdio: 'inherit',
  });
  if (built.status !== 0) fail('go install of the Temporal server failed (above).');
  renameSync(path.join(staging, 'bin', 'server'), path.join(staging, 'bin', 'temporal-server'));
  renameSync(path.join(staging, 'bin', 'sql'), path.join(staging, 'bin', 'temporal-sql-tool'));
  rmSync(serverDir, { recursive: true, force: true });
  renameSync(staging, serverDir);
}

/** Debian's PostgreSQL binaries (the newest installed). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) fail('PostgreSQL is missing: apt-get install -y postgresql, then run npm run cluster again.');
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

async function loadState(file: string): Promise<ClusterState> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ClusterState;
  const ports = {} as ClusterState['ports'];
  for (const service of services) ports[service] = { grpc: await smallPort(), membership: await smallPort() };
  const state: ClusterState = { pgPort: await freePort(), pgPassword: randomBytes(16).toString('hex'), ports };
  writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600 });
  return state;
}

function startPostgres(dir: string, state: ClusterState): void {
  const bin = postgresBin();
  const data = path.join(dir, 'postgres');
  if (!existsSync(path.join(data, 'PG_VERSION'))) {
    const pwfile = path.join(dir, 'pg-password');
    writeFileSync(pwfile, state.pgPassword, { mode: 0o600 });
    const init = postgres(bin, 'initdb', ['-D', data, '-U', 'temporal', '-E', 'UTF8', '--locale=C.UTF-8', '--auth-host=scram-sha-256', '--auth-local=trust', `--pwfile=${pwfile}`]);
    rmSync(pwfile);
    if (init.status !== 0) fail(`initdb failed: ${String(init.stderr)}`);
  }
  if (postgres(bin, 'pg_ctl', ['-D', data, 'status']).status === 0) return;
  const options = `-c port=${state.pgPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200`;
  const started = postgres(bin, 'pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60', '-o', options, 'start']);
  if (started.status !== 0) fail(`PostgreSQL did not start: see ${path.join(dir, 'postgres.log')}`);
}

/** The two databases and their schemas; every command is safe to repeat. */
function setupSchemas(state: ClusterState): void {
  const env = { ...process.env, SQL_HOST: '127.0.0.1', SQL_PORT: String(state.pgPort), SQL_USER: 'temporal', SQL_PASSWORD: state.pgPassword, SQL_PLUGIN: 'postgres12' };
  const sql = (db: string, ...args: string[]) => spawnSync(sqlTool, ['--db', db, ...args], { env, encoding: 'utf8' });
  for (const [db, schema] of [['temporal', 'postgresql/v12/temporal'], ['temporal_visibility', 'postgresql/v12/visibility']]) {
    const created = sql(db, 'create-database');
    if (created.status !== 0 && !/already exists/.test(`${created.stdout}${created.stderr}`)) fail(`creating ${db} failed: ${created.stderr}`);
    for (const step of [['setup-schema', '-v', '0.0'], ['update-schema', '--schema-name', schema]]) {
      const done = sql(db, ...step);
      if (done.status !== 0) fail(`${step[0]} of ${db} failed: ${done.stderr}`);
    }
  }
}

function serviceEnv(state: ClusterState): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HUANJIE_PG_PORT: String(state.pgPort), HUANJIE_PG_PASSWORD: state.pgPassword };
  for (const service of services) {
    env[`HUANJIE_${service.toUpperCase()}_PORT`] = String(state.ports[service].grpc);
    env[`HUANJIE_${service.toUpperCase()}_MEMBERSHIP_PORT`] = String(state.ports[service].membership);
  }
  return env;
}

const pidFile = (dir: string, service: Service) => path.join(dir, `${service}.pid`);

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('temporal-server');
  } catch {
    return false;
  }
}

function startServices(dir: string, state: ClusterState): void {
  for (const service of services) {
    const file = pidFile(dir, service);
    if (existsSync(file) && running(Number(readFileSync(file, 'utf8')))) continue;
    const log = openSync(path.join(dir, `${service}.log`), 'a');
    const child = spawn(serverBin, ['--config-file', configFile, '--allow-no-auth', 'start', `--service=${service}`], {
      cwd: projectRoot,
      env: serviceEnv(state),
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.unref();
    writeFileSync(file, String(child.pid), { mode: 0o600 });
  }
}

/** The frontend answering, the `default` namespace and huanjie's search attributes in it. */
async function ready(address: string, namespace: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
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
      if (Date.now() > deadline) fail(`the cluster did not become ready: ${String(err)}`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

function stop(dir: string): void {
  for (const service of services) {
    const file = pidFile(dir, service);
    if (!existsSync(file)) continue;
    const pid = Number(readFileSync(file, 'utf8'));
    if (running(pid)) process.kill(pid, 'SIGTERM');
    rmSync(file);
  }
  const data = path.join(dir, 'postgres');
  if (existsSync(data)) postgres(postgresBin(), 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  console.log('huanjie cluster stopped');
}

async function main(): Promise<void> {
  const env = loadEnv();
  const dir = path.join(env.DATA_DIR, 'cluster');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.argv[2] === 'stop') return stop(dir);
  ensureServer();
  const state = await loadState(path.join(dir, 'cluster.json'));
  startPostgres(dir, state);
  setupSchemas(state);
  startServices(dir, state);
  const address = `127.0.0.1:${state.ports.frontend.grpc}`;
  await ready(address, env.TEMPORAL_NAMESPACE);
  console.log(`huanjie cluster running: TEMPORAL_ADDRESS=${address} (logs in ${dir}; npm run cluster -- stop)`);
}

if (require.main === module) {
  main().catch((err: Error) => fail(err.message));
}

