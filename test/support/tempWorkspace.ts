/** Builds real workspaces on disk at test time (a committed fixture's .gitignore would apply to this repository). */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface TempWorkspace {
  root: string;
  write(relativePath: string, content: string | Uint8Array): string;
  remove(): void;
}

export function createTempWorkspace(files: Record<string, string | Uint8Array> = {}, prefix = 'grok-ws-'): TempWorkspace {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  const write = (relativePath: string, content: string | Uint8Array) => {
    const file = path.join(root, relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  for (const [relativePath, content] of Object.entries(files)) write(relativePath, content);
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}
