import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers in tests log errors only: the retries the tests provoke on purpose would drown the report.
Runtime.install({ logger: new DefaultLogger('ERROR') });
