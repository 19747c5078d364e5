/**
 * The path-only tier as a directory tree: one line per folder, its name once (`name/`, indented one space per level)
 * followed by the names of its files; the workspace root's files are on the line `./`. A flat list repeats every
 * folder on every line; the tree cuts the tier's tokens about threefold (measured in the README), and the tokens saved
 * go to more whole files.
 *
 * Token accounting without counting the whole tree: with o200k a piece that starts with a space (` name`) or a line's
 * indent never merges with what precedes it, so a line costs its header, plus ` name` per file, plus its newline (one
 * token after a file name; a folder line without files ends `/\n`, counted as such). The planner adds and removes files
 * one at a time and keeps the sum through `PathTreeLedger`: exact (tested against a count of the rendered text), except
 * that a line whose last name ends in punctuation (`notes~`) may merge it with the newline, one token fewer than counted:
 * the count errs high, never low, so the plan still fits.
 */
import { comparePaths } from './paths';
import { renderedPath } from './render';

/** The folder a path is in (`a/b/` for `a/b/c.ts`, `` at the root). */
export function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** The folders above a folder's line, outermost first (`a/`, `a/b/` for `a/b/c/`); none for the root. */
function ancestorsOf(folder: string): string[] {
  const out: string[] = [];
  for (let slash = folder.indexOf('/'); slash !== -1 && slash < folder.length - 1; slash = folder.indexOf('/', slash + 1)) out.push(folder.slice(0, slash + 1));
  return out;
}

/** A name as the tree shows it: escaped like a path when it could pass for markup, and its whitespace (which separates
 *  names) as `\u0020`-style escapes. */
function renderedName(name: string): string {
  return renderedPath(name).replace(/\s/g, (space) => `\\u${space.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A file's piece of its folder's line: a space and its name. */
export function filePiece(path: string): string {
  return ` ${renderedName(path.slice(path.lastIndexOf('/') + 1))}`;
}

/** A folder's line up to its files: indent and name (`./` for the root). */
export function folderHeader(folder: string): string {
  if (folder === '') return './';
  const trimmed = folder.slice(0, -1);
  const depth = ancestorsOf(folder).length;
  return `${' '.repeat(depth)}${renderedName(trimmed.slice(trimmed.lastIndexOf('/') + 1))}/`;
}

/** The tree of these paths. Folders come in path order (a folder's contents are contiguous in it), each with its files. */
export function renderPathTree(paths: readonly string[]): string {
  const files = new Map<string, string[]>();
  for (const path of [...paths].sort(comparePaths)) {
    const folder = folderOf(path);
    for (const above of ancestorsOf(folder)) if (!files.has(above)) files.set(above, []);
    const list = files.get(folder);
    if (list) list.push(path);
    else files.set(folder, [path]);
  }
  let out = '';
  for (const folder of [...files.keys()].sort(comparePaths)) out += `${folderHeader(folder)}${files.get(folder)!.map(filePiece).join('')}\n`;
  return out;
}

/** The flat list the tree replaced (one full path a line), for measuring what the tree saves. */
export function renderPathList(paths: readonly string[]): string {
  return [...paths].sort(comparePaths).map((path) => `${renderedPath(path)}\n`).join('');
}

/** Token costs of the tree's parts, from the caller's counter (cached there). */
export interface TreeCosts {
  /** Tokens of `filePiece(path)`. */
  file(path: string): number;
  /** Tokens of a folder's line: `folderHeader + "\n"` when it lists no files, else the header plus one for the newline. */
  folder(folder: string, withFiles: boolean): number;
}

/** The exact token cost of the tree as files join and leave it. */
export class PathTreeLedger {
  /** Per folder line: files that need it (in it or below it), and files directly in it. */
  private readonly lines = new Map<string, { need: number; direct: number }>();
  total = 0;

  constructor(private readonly costs: TreeCosts) {}

  private lineCost(folder: string, line: { need: number; direct: number } | undefined): number {
    return !line || line.need === 0 ? 0 : this.costs.folder(folder, line.direct > 0);
  }

  /** What adding `path` would cost now. */
  costOf(path: string): number {
    const folder = folderOf(path);
    let cost = this.costs.file(path);
    for (const above of ancestorsOf(folder)) if (!this.lines.get(above)?.need) cost += this.costs.folder(above, false);
    const own = this.lines.get(folder);
    if (!own?.direct) cost += this.costs.folder(folder, true) - this.lineCost(folder, own);
    return cost;
  }

  /** Adds `path`; returns what it cost. */
  add(path: string): number {
    return this.change(path, 1);
  }

  /** Removes `path`; returns the tokens freed. */
  remove(path: string): number {
    return -this.change(path, -1);
  }

  private change(path: string, by: 1 | -1): number {
    const before = this.total;
    const folder = folderOf(path);
    for (const name of [...ancestorsOf(folder), folder]) {
      const line = this.lines.get(name) ?? { need: 0, direct: 0 };
      this.total -= this.lineCost(name, line);
      line.need += by;
      if (name === folder) line.direct += by;
      this.total += this.lineCost(name, line);
      if (line.need === 0) this.lines.delete(name);
      else this.lines.set(name, line);
    }
    this.total += by * this.costs.file(path);
    return this.total - before;
  }

  /** Each file's share of the tree's tokens: its piece, plus the lines of the folders it is the first (in path order) to need. */
  shares(paths: readonly string[]): Map<string, number> {
    const seen = new Set<string>();
    const out = new Map<string, number>();
    for (const path of [...paths].sort(comparePaths)) {
      const folder = folderOf(path);
      let tokens = this.costs.file(path);
      for (const name of [...ancestorsOf(folder), folder]) {
        if (seen.has(name)) continue;
        seen.add(name);
        tokens += this.lineCost(name, this.lines.get(name));
      }
      out.set(path, tokens);
    }
    return out;
  }
}
