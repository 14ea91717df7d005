/**
 * Failures' messages and stack traces go into the encoded attributes, which the payload
 * codec encrypts: an error often quotes what it refused (a candidate's name).
 *
 * Loaded by path (`DataConverter.failureConverterPath`) by clients and workers, and bundled
 * into the workflow code (workflow errors are converted inside the sandbox): it imports
 * nothing but @temporalio/common.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
