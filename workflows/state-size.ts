/**
 * How much a workflow carries across continue-as-new, against Temporal's 2 MB payload limit:
 * a run that cannot continue fails its workflow task for ever, so a step that would take its
 * street past the bound is refused instead (413).
 */

/** What a street's carried state may weigh (its JSON): the rest of the input and the encryption need room. */
export const maxCarriedBytes = 1_500_000;

/** UTF-8 bytes of a value's JSON, as the payload converter writes it. */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let i = 0; i < json.length; i += 1) {
    const code = json.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00) {
      // A surrogate pair is one 4-byte character.
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}
