/**
 * Whole-file replacement that never leaves a half-written file under the real name: the bytes go to a temporary file
 * in the same folder (so the rename stays on one file system), are flushed to the disk, and only then renamed over
 * the target. A crash leaves either the old file or the new one, plus at worst a stray `*.tmp` that the store sweeps.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/** Suffix of the temporary files, so a sweep can recognise (and remove) ones a crash left behind. */
export const TEMP_SUFFIX = '.tmp';

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Windows refuses a rename while another process (a virus scanner, an indexer) briefly holds the target open. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (process.platform !== 'win32' || attempt >= 5 || !(code === 'EPERM' || code === 'EACCES' || code === 'EBUSY')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
    }
  }
}
