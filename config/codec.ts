/**
 * The payload codec: every payload huanjie's clients and workers send to Temporal is
 * encrypted with AES-256-GCM (a random 96-bit nonce each), so that candidates' names, birth
 * dates and the rest never lie in Temporal's database or show in its Web UI in clear.
 *
 * An encrypted payload keeps the original payload (its metadata included) as ciphertext and
 * says in its own metadata how it was encoded and with which key:
 * `encoding: binary/encrypted`, `encryption-key-id: <keyId>`; its data is
 * nonce (12 bytes) ‖ ciphertext ‖ GCM tag (16 bytes), the key id authenticated with it.
 *
 * Codecs run outside the workflow sandbox (the worker decodes activations before workflow
 * code sees them), so node's crypto is fine here.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ApplicationFailure, METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CodecKeys } from './codec-keys';

export const encryptedEncoding = 'binary/encrypted';
export const keyIdMetadataKey = 'encryption-key-id';

const cipherName = 'aes-256-gcm';
const nonceBytes = 12;
const tagBytes = 16;

/** The `type` of the ApplicationFailure a payload that cannot be decrypted raises. */
export const CodecErrors = {
  /** Encrypted with a key this process does not have: listing the key again fixes it. */
  unknownKey: 'UnknownEncryptionKey',
  /** Altered, truncated or without its key id: nothing will decrypt it. */
  undecryptable: 'UndecryptablePayload',
} as const;

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: CodecKeys) {
    if (!keys.keys.has(keys.active)) throw new Error(`the active codec key '${keys.active}' is not among the keys`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const keyId = this.keys.active;
    const nonce = randomBytes(nonceBytes);
    const cipher = createCipheriv(cipherName, this.keys.keys.get(keyId)!, nonce, { authTagLength: tagBytes });
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const clear = temporal.api.common.v1.Payload.encode(payload).finish();
    return {
      metadata: { [METADATA_ENCODING_KEY]: Buffer.from(encryptedEncoding), [keyIdMetadataKey]: Buffer.from(keyId, 'utf8') },
      data: Buffer.concat([nonce, cipher.update(clear), cipher.final(), cipher.getAuthTag()]),
    };
  }

  /**
   * A payload that is not encrypted passes as it is: huanjie encrypts all it sends, but a
   * signal sent from the Web UI or the CLI without the codec arrives in clear.
   */
  private decrypt(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== encryptedEncoding) return payload;
    const keyId = text(payload.metadata?.[keyIdMetadataKey]);
    if (!keyId) throw ApplicationFailure.nonRetryable(`An encrypted payload has no '${keyIdMetadataKey}' metadata: it cannot be decrypted.`, CodecErrors.undecryptable);
    const key = this.keys.keys.get(keyId);
    if (!key) {
      throw ApplicationFailure.retryable(
        `A payload is encrypted with codec key '${keyId}', which is not in this process's codec keys (CODEC_KEYS_FILE): list that key again to decrypt it.`,
        CodecErrors.unknownKey,
      );
    }
    const data = Buffer.from(payload.data ?? []);
    try {
      if (data.length < nonceBytes + tagBytes) throw new Error('too short');
      const decipher = createDecipheriv(cipherName, key, data.subarray(0, nonceBytes), { authTagLength: tagBytes });
      decipher.setAAD(Buffer.from(keyId, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - tagBytes));
      const clear = Buffer.concat([decipher.update(data.subarray(nonceBytes, data.length - tagBytes)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(clear);
    } catch {
      throw ApplicationFailure.nonRetryable(
        `A payload encrypted with codec key '${keyId}' does not decrypt: it was altered, or that key id now names another key.`,
        CodecErrors.undecryptable,
      );
    }
  }
}

export const failureConverterPath = require.resolve('./failure-converter');

/**
 * The data converter of every client and worker huanjie creates: payloads encrypted with
 * `keys`, failures' messages and stack traces with them. Workflow bundles made apart from
 * a worker (`bundleWorkflowCode`) take `failureConverterPath` too.
 */
export function dataConverter(keys: CodecKeys): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath };
}
