/**
 * Real Temporal servers for tests, from the provisioned (or the user's own) binaries:
 * the Java time-skipping server for calendars, the CLI dev server for everything else.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { cli, resolveBinary, testServer } from '../../scripts/temporal-binaries';
import { searchAttributeKeys } from '../../workflows/search-attributes';

export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: resolveBinary(testServer) } },
  });
}

export function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: resolveBinary(cli) },
      searchAttributes: searchAttributeKeys,
      ui: false,
    },
  });
}
