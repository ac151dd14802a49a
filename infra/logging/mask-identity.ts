/**
 * Identity numbers never reach a log in the clear (DESIGN.md §7). Masking works on the serialized log
 * line, so it catches an id number wherever it hides: a message, a nested body, an error's stack.
 */

/** 居民身份证号码 (GB 11643): 6-digit region, birth date YYYYMMDD, 3-digit sequence, check digit 0-9/X. */
const RESIDENT_ID = /(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9])/g;

/** JSON string values of fields that hold an identity number whatever its format (passports, old 15-digit ids). */
const ID_FIELD = /("(?:idNumber|idCardNumber|identityNumber|id_number)"\s*:\s*")((?:[^"\\]|\\.)*)(")/g;

/** Keeps the first and last four characters, e.g. 4401**********1234; short values are masked whole. */
export function maskIdNumber(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/** Masks every identity number in a serialized log line (or any text). */
export function maskIdentityNumbers(text: string): string {
  return text
    .replace(ID_FIELD, (_m, open: string, value: string, close: string) => `${open}${maskIdNumber(value)}${close}`)
    .replace(RESIDENT_ID, (id) => maskIdNumber(id));
}
