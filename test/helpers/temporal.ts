/**
 * Real Temporal servers for tests, from the provisioned (or the user's own) binaries:
 * the Java time-skipping server for calendars, the CLI dev server for everything else.
 */
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { cli, resolveBinary, testServer } from '../../scripts/temporal-binaries';
import { registerSearchAttributes } from '../../scripts/search-attributes';
import { searchAttributeKeys } from '../../workflows/search-attributes';
import { testDataConverter } from './codec';

/** Its client encrypts with the tests' keys unless given another `dataConverter`. */
export async function createTimeSkippingEnv(dataConverter: DataConverter = testDataConverter): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: resolveBinary(testServer) } },
    client: { dataConverter },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/** `extraArgs` go to `temporal server start-dev` (e.g. `--dynamic-config-value`). */
export function createDevServerEnv(extraArgs: string[] = []): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: resolveBinary(cli) },
      searchAttributes: searchAttributeKeys,
      ui: false,
      extraArgs,
    },
    client: { dataConverter: testDataConverter },
  });
}
