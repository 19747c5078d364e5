/**
 * Turns a conversation (any JSON value) into JSON text with its long strings moved out into content-addressed blobs,
 * and back, exactly.
 *
 * A string longer than the threshold is replaced by the object `{"$blob": "<sha256>"}`. So that no real content can
 * be mistaken for a reference, every object key that starts with `$` is stored with one more `$` in front
 * (`$blob` → `$$blob`, `$$x` → `$$$x`) and gets it removed on the way back: an object whose key is exactly `$blob` was
 * therefore always written by us. Strings that merely look like a reference stay strings, and strings are never
 * parsed, so they cannot collide either.
 *
 * A blob is stored as the JSON literal of its string (`"…"` with JSON escapes): lone UTF-16 surrogates survive (raw
 * UTF-8 would turn them into U+FFFD), and a truncated blob fails to parse instead of silently losing its tail. Its
 * name is the SHA-256 of exactly those bytes, so the same text is stored once, whoever refers to it, and a damaged
 * blob is recognised by its hash.
 */
import { createHash } from 'node:crypto';

export const BLOB_KEY = '$blob';
/** Strings longer than this (UTF-16 code units, 4 KB of ASCII) go to a blob. */
export const DEFAULT_BLOB_THRESHOLD = 4096;

const HASH_PATTERN = /^[0-9a-f]{64}$/;

export function isBlobHash(value: unknown): value is string {
  return typeof value === 'string' && HASH_PATTERN.test(value);
}

/** The blob's bytes on disk (or inline in a single-file conversation): the string as a JSON literal. */
export function blobText(value: string): string {
  return JSON.stringify(value);
}

export function hashOfBlobText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A blob read back: `undefined` when it is not the JSON literal of a string or its bytes do not match the hash. */
export function parseBlobText(hash: string, text: string): string | undefined {
  if (hashOfBlobText(text) !== hash) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export interface EncodedValue {
  json: string;
  /** Blobs the JSON refers to, by hash: their text as stored (see `blobText`). */
  blobs: Map<string, string>;
}

/** JSON text of `value` (same rules as JSON.stringify: `undefined` members are dropped), long strings as references. */
export function encodeWithBlobs(value: unknown, threshold = DEFAULT_BLOB_THRESHOLD): EncodedValue {
  const blobs = new Map<string, string>();
  const references = new WeakSet<object>();
  const json = JSON.stringify(value, function (this: unknown, _key, member: unknown) {
    if (references.has(this as object)) return member; // the hash inside a reference we just made
    if (typeof member === 'string') {
      if (member.length <= threshold) return member;
      const text = blobText(member);
      const hash = hashOfBlobText(text);
      blobs.set(hash, text);
      const reference = { [BLOB_KEY]: hash };
      references.add(reference);
      return reference;
    }
    if (member !== null && typeof member === 'object' && !Array.isArray(member)) return escapeDollarKeys(member as Record<string, unknown>);
    return member;
  });
  if (json === undefined) throw new TypeError('Nothing to encode: the value is not representable as JSON.');
  return { json, blobs };
}

/** The JSON text's blob references: `resolve` gives each one's string back (or a placeholder when it is lost). */
export function decodeWithBlobs(json: string, resolve: (hash: string) => string): unknown {
  return restore(JSON.parse(json) as unknown, resolve);
}

/** Walks a value parsed from `encodeWithBlobs` output, in place where it can, swapping references for their strings. */
export function restore(value: unknown, resolve: (hash: string) => string): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = restore(value[index], resolve);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.includes(BLOB_KEY)) {
    const hash = record[BLOB_KEY];
    if (keys.length !== 1 || !isBlobHash(hash)) throw new SyntaxError(`Malformed blob reference: ${JSON.stringify(record).slice(0, 200)}`);
    return resolve(hash);
  }
  if (!keys.some((key) => key.startsWith('$'))) {
    for (const key of keys) setOwn(record, key, restore(record[key], resolve));
    return record;
  }
  const unescaped: Record<string, unknown> = {};
  for (const key of keys) setOwn(unescaped, key.startsWith('$$') ? key.slice(1) : key, restore(record[key], resolve));
  return unescaped;
}

/** Every blob hash a parsed value refers to. */
export function blobReferences(value: unknown, into = new Set<string>()): Set<string> {
  if (value === null || typeof value !== 'object') return into;
  if (Array.isArray(value)) {
    for (const item of value) blobReferences(item, into);
    return into;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === BLOB_KEY && isBlobHash(record[BLOB_KEY])) into.add(record[BLOB_KEY]);
  else for (const key of keys) blobReferences(record[key], into);
  return into;
}

function escapeDollarKeys(record: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(record);
  if (!keys.some((key) => key.startsWith('$'))) return record;
  const escaped: Record<string, unknown> = {};
  for (const key of keys) setOwn(escaped, key.startsWith('$') ? `$${key}` : key, record[key]);
  return escaped;
}

/** Plain assignment of `__proto__` would change the object's prototype instead of adding the key JSON had. */
function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
