/**
 * Where a path the model names may point: inside a workspace folder, and nowhere else. The model's paths are
 * untrusted (a repository file can carry a prompt injection), so `..`, absolute paths, `.git/` in any spelling, and
 * symlinks that lead out of the folder are refused before anything is read or written. The path is canonicalised
 * first (canonicalPath.ts), once, and every rule and the returned path use that canonical form.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { sensitiveReason } from './sensitiveFiles';
import { canonicalPath, comparisonKey } from './canonicalPath';

export interface EditRoot {
  /** The folder's name: the first path segment in a multi-root workspace. */
  name: string;
  /** Absolute path on disk. */
  path: string;
}

export type ResolvedPath = { ok: true; relative: string; absolute: string; root: EditRoot } | { ok: false; error: string };

function refuse(requested: string, why: string): ResolvedPath {
  return { ok: false, error: `Refused path "${requested}": ${why}` };
}

/** Is `child` the same as or below `parent` (both absolute and resolved)? */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  // "..foo" is a name inside the folder; only ".." itself, or "../…", leaves it
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
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
      // a dangling symlink: its target does not exist yet, and wherever it points is where a write would land
      if (code === 'ENOENT' && (await fs.lstat(current).then((stat) => stat.isSymbolicLink(), () => false))) {
        throw Object.assign(new Error('a symbolic link whose target does not exist'), { code: 'EDANGLING' });
      }
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
  const canonical = canonicalPath(requested);
  if (!canonical.ok) return refuse(requested, canonical.reason);
  const segments = canonical.segments;
  if (segments.some((segment) => comparisonKey(segment) === '.git')) return refuse(requested, 'files inside .git are never touched.');
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
    // a symlink inside the folder may lead into .git (gitdir -> .git): the rule holds for where the path really goes
    const realRelative = path.relative(realRoot, real).split(path.sep).join('/');
    if (realRelative.split('/').some((segment) => comparisonKey(segment) === '.git')) return refuse(requested, 'it leads into .git through a symbolic link; files inside .git are never touched.');
    // and a link must not hide a file that configures or runs code (docs/cfg -> ../.vscode): name the real path instead
    const sensitive = sensitiveReason(realRelative);
    if (sensitive && comparisonKey(realRelative) !== comparisonKey(segments.join('/')) && !sensitiveReason(segments.join('/'))) {
      return refuse(requested, `it leads to ${realRelative} (${sensitive}) through a symbolic link; use that path, so the edit is reviewed as what it is.`);
    }
  } catch (error) {
    return refuse(requested, `it cannot be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const relative = roots.length > 1 ? [root.name, ...segments].join('/') : segments.join('/');
  return { ok: true, relative, absolute, root };
}

/**
 * At write time: does each path of a proposal still resolve, by the same rules, to the file it was proposed for?
 * A symlink swapped since (a folder replaced by a link that leads out) or a folder removed from the workspace is
 * refused with the reason. Undefined when the write may go ahead.
 */
export async function recheckAtWrite(roots: readonly EditRoot[], proposal: { path: string; absolute: string; newPath?: string; newAbsolute?: string }): Promise<string | undefined> {
  const targets: Array<[string, string | undefined]> = [[proposal.path, proposal.absolute]];
  if (proposal.newPath !== undefined) targets.push([proposal.newPath, proposal.newAbsolute]);
  for (const [requested, absolute] of targets) {
    const resolved = await resolveWorkspacePath(roots, requested);
    if (!resolved.ok) return `${resolved.error} Nothing was written.`;
    if (resolved.absolute !== absolute) return `${requested} no longer leads to the file the edit was proposed for (the workspace folders changed). Nothing was written.`;
  }
  return undefined;
}
