/**
 * Failures' messages and stack traces go into the encoded attributes, which the payload
 * codec encrypts: an error often quotes what it refused (a candidate's name).
 *
 * Loaded by path (`DataConverter.failureConverterPath`) by clients and workers, and bundled
 * into the workflow code (workflow errors are converted inside the sandbox): it imports
 * nothing but @temporalio/common.
 */
import { DefaultFailureConverter, type PayloadConverter, type ProtoFailure, type SerializationContext } from '@temporalio/common';

/**
 * An error that quotes nothing of a campaign: its message stays readable, for those who get
 * only the message (the caller of a query that failed).
 */
export class PlainError extends Error {
  override name = 'PlainError';
}

const readable = new DefaultFailureConverter();

class FailureConverter extends DefaultFailureConverter {
  constructor() {
    super({ encodeCommonAttributes: true });
  }

  override errorToFailure(err: unknown, payloadConverter: PayloadConverter, context?: SerializationContext): ProtoFailure {
    return err instanceof PlainError ? readable.errorToFailure(err, payloadConverter, context) : super.errorToFailure(err, payloadConverter, context);
  }
}

export const failureConverter = new FailureConverter();
