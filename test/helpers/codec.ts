/**
 * Tests encrypt as production does, with keys of their own: made afresh in each test
 * process, as each deployment makes its own.
 */
import { dataConverter } from '../../config/codec';
import { newCodecKeysFile, parseCodecKeys, type CodecKeys } from '../../config/codec-keys';

export const newCodecKeys = (keyId?: string): CodecKeys => parseCodecKeys(newCodecKeysFile(keyId), 'new keys');

export const testCodecKeys = newCodecKeys();

/** The data converter of the tests' clients and workers. */
export const testDataConverter = dataConverter(testCodecKeys);
