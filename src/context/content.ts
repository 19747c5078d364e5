/** Reading a collected file for the prompt: binary sniffing and decoding. */
import { promises as fs } from 'node:fs';

const SNIFF_BYTES = 8000; // what git itself inspects to call a file binary

/** True when the bytes look binary: a NUL byte in the first 8000, as git decides. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

export type FileContent = { kind: 'text'; text: string } | { kind: 'binary' } | { kind: 'unreadable' };

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export async function readFileContent(absolutePath: string): Promise<FileContent> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(absolutePath);
  } catch {
    return { kind: 'unreadable' };
  }
  if (looksBinary(bytes)) return { kind: 'binary' };
  // Invalid UTF-8 becomes U+FFFD instead of failing the whole request.
  return { kind: 'text', text: decoder.decode(bytes) };
}
