/**
 * Where a path the model names may point: inside a workspace folder, and nowhere else. The model's paths are
 * untrusted (a repository file can carry a prompt injection), so `..`, absolute paths, `.git/`, and symlinks that
 * lead out of the folder are refused before anything is read or written.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface EditRoot {
  /** The folder's name: the first path segment in a multi-root workspace. */
  name: string;
  /** Absolute path on disk. */
  path: string;
}

export type ResolvedPath = { ok: true; relative: string; absolute: string; root: EditRoot } | { ok: false; error: string };

const WINDOWS_ABSOLUTE = /^[a-zA-Z]:|^\\\\/;

function refuse(requested: string, why: string): ResolvedPath {
  return { ok: false, error: `Refused path "${requested}": ${why}` };
}

/** Is `child` the same as or below `parent` (both absolute and resolved)? */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The real location of `absolute`, or of its deepest existing ancestor with the rest appended (for files to create). */
async function realLocation(absolute: string): Promise<string> {
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = await fs.realpath(current);
      return path.join(real, ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = path.dirname(current);
      // ELOOP and friends: a path that cannot be resolved is not one we can vouch for
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) throw error;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * Resolves a workspace-relative path (folder-name first in a multi-root workspace) to a file inside that folder.
 * Symlinks are resolved: one that leads outside the folder is refused, as is one that cannot be resolved (a loop).
 */
export async function resolveWorkspacePath(roots: readonly EditRoot[], requested: string): Promise<ResolvedPath> {
  if (roots.length === 0) return refuse(requested, 'no workspace folder is open.');
  if (requested.includes('\0')) return refuse(requested, 'it contains a NUL character.');
  const slashed = requested.trim().replace(/\\/g, '/');
  if (slashed === '' || slashed === '.') return refuse(requested, 'it names no file.');
  if (slashed.startsWith('/') || WINDOWS_ABSOLUTE.test(requested.trim())) return refuse(requested, 'absolute paths are not allowed; give a workspace-relative path such as src/app.ts.');
  const segments = slashed.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return refuse(requested, '".." is not allowed; paths must stay inside the workspace.');
  if (segments.some((segment) => segment.toLowerCase() === '.git')) return refuse(requested, 'files inside .git are never touched.');
  let root = roots[0];
  if (roots.length > 1) {
    const named = roots.find((candidate) => candidate.name === segments[0]);
    if (!named) return refuse(requested, `in a multi-root workspace a path starts with a folder name (${roots.map((candidate) => candidate.name).join(', ')}).`);
    root = named;
    segments.shift();
    if (segments.length === 0) return refuse(requested, 'it names a workspace folder, not a file.');
  }
  const absolute = path.join(root.path, ...segments);
  try {
    const [realRoot, real] = await Promise.all([fs.realpath(root.path), realLocation(absolute)]);
    if (!isInside(realRoot, real)) return refuse(requested, 'it leads outside the workspace through a symbolic link.');
  } catch (error) {
    return refuse(requested, `it cannot be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const relative = roots.length > 1 ? [root.name, ...segments].join('/') : segments.join('/');
  return { ok: true, relative, absolute, root };
}
