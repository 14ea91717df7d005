/**
 * A worker of the bare workflow alone, as its own process: the benchmark starts as many of
 * these as huanjie has worker processes, so that both sides have the same workers.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { dataConverter } from '../config/codec';
import { loadCodecKeys } from '../config/codec-keys';

export const bareTaskQueue = 'bench-bare';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE,
    taskQueue: bareTaskQueue,
    dataConverter: dataConverter(loadCodecKeys(process.env.CODEC_KEYS_FILE!)),
    workflowsPath: require.resolve('./bare-workflow'),
  });
  console.log('bare worker running');
  await worker.run();
  await connection.close();
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
