/** Reading a workspace file for a tool or an edit: text only, within the size cap, with a hash of what was read. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';

export type FileText = { ok: true; text: string; hash: string } | { ok: false; missing: boolean; error: string };

/** A short content hash: what the model sees as `base_hash` and what a pending edit is anchored to. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

/** The same test the context engine uses: a NUL byte in the first 8000 bytes (as git does). */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8000);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

export async function readFileText(absolute: string, displayPath: string, maxBytes: number): Promise<FileText> {
  try {
    const stat = await fs.stat(absolute);
    if (!stat.isFile()) return { ok: false, missing: false, error: `${displayPath} is not a file.` };
    if (stat.size > maxBytes) {
      return { ok: false, missing: false, error: `${displayPath} is ${stat.size.toLocaleString('en-US')} bytes, over the ${maxBytes.toLocaleString('en-US')}-byte cap (grokContext.maxFileBytes); it is not read or edited.` };
    }
    const bytes = await fs.readFile(absolute);
    if (looksBinary(bytes)) return { ok: false, missing: false, error: `${displayPath} is a binary file; it is not read or edited.` };
    const text = bytes.toString('utf8');
    return { ok: true, text, hash: textHash(text) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, missing: true, error: `${displayPath} does not exist.` };
    return { ok: false, missing: false, error: `${displayPath} cannot be read (${code ?? (error as Error).message}).` };
  }
}
