/**
 * Registers huanjie's custom search attributes in a namespace, once. `npm start` does it
 * for the embedded dev server; on a cluster, run `npm run setup:temporal` once per namespace.
 */
import { status as grpcStatus } from '@grpc/grpc-js';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { loadEnv } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { searchAttributeKeys } from '../workflows/search-attributes';

const { IndexedValueType } = temporal.api.enums.v1;
const indexedValueType: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.TEXT]: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** The custom attributes a namespace has; the time-skipping test server cannot list them, so it has none yet. */
async function registered(connection: Connection, namespace: string): Promise<Record<string, unknown>> {
  try {
    return (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === grpcStatus.UNIMPLEMENTED) return {};
    throw err;
  }
}

/** Adds the attributes the namespace lacks; returns their names. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await registered(connection, namespace);
  const missing = searchAttributeKeys.filter((key) => !(key.name in existing));
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedValueType[key.type]])),
    });
  }
  return missing.map((key) => key.name);
}

if (require.main === module) {
  const target = temporalTarget(loadEnv());
  Connection.connect({ address: target.address, tls: target.tls })
    .then(async (connection) => {
      const added = await registerSearchAttributes(connection, target.namespace);
      console.log(added.length ? `registered ${added.join(', ')}` : 'search attributes already registered');
      await connection.close();
    })
    .catch((err: Error) => {
      console.error(`huanjie: ${err.message}`);
      process.exit(1);
    });
}
