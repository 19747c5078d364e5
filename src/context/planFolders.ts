/**
 * A plan's files as a folder tree, for the Context view: a 9,000-file plan is a few dozen folders to open, each with
 * its file count and tokens, sortable by name or by tokens. Pure (no `vscode`) so it is unit-tested in plain Node.
 */

export interface PlanFile {
  path: string;
  /** Counted tokens of what is sent; 0 for files that are not sent. */
  tokens: number;
}

export interface FolderEntry {
  kind: 'folder';
  /** What the view shows: one segment, or a chain of folders that hold nothing but the next ("src/context"). */
  name: string;
  /** The folder's path, as the plan spells paths ("" for the root). */
  path: string;
  /** Files anywhere below. */
  files: number;
  tokens: number;
  children: PlanTreeEntry[];
}

export interface FileEntry {
  kind: 'file';
  name: string;
  path: string;
  tokens: number;
}

export type PlanTreeEntry = FolderEntry | FileEntry;

export type PlanSortOrder = 'name' | 'tokens';

/**
 * Builds the tree in one pass over the files (any order). Iterative, so a tree thousands of folders deep (the scan
 * handles those) cannot overflow the stack; chains of single folders are merged lazily, in `sortedChildren`.
 */
export function folderTree(files: readonly PlanFile[]): FolderEntry {
  const root: FolderEntry = { kind: 'folder', name: '', path: '', files: 0, tokens: 0, children: [] };
  const folders = new Map<string, FolderEntry>([['', root]]);
  for (const file of files) {
    const slash = file.path.lastIndexOf('/');
    const parentPath = slash < 0 ? '' : file.path.slice(0, slash);
    // the folders from the file's parent up to the first one that exists, created top down
    const missing: string[] = [];
    for (let at = parentPath; !folders.has(at); at = at.slice(0, Math.max(0, at.lastIndexOf('/')))) missing.push(at);
    for (const folderPath of missing.reverse()) {
      const cut = folderPath.lastIndexOf('/');
      const created: FolderEntry = { kind: 'folder', name: folderPath.slice(cut + 1), path: folderPath, files: 0, tokens: 0, children: [] };
      folders.get(cut < 0 ? '' : folderPath.slice(0, cut))!.children.push(created);
      folders.set(folderPath, created);
    }
    folders.get(parentPath)!.children.push({ kind: 'file', name: file.path.slice(slash + 1), path: file.path, tokens: file.tokens });
    // every folder above the file counts it
    for (let at: string | undefined = parentPath; at !== undefined; at = at === '' ? undefined : at.slice(0, Math.max(0, at.lastIndexOf('/')))) {
      const folder = folders.get(at)!;
      folder.files += 1;
      folder.tokens += file.tokens;
    }
  }
  return root;
}

/** "src" holding only "context" shows as "src/context", as VS Code's Explorer compacts folders. */
function compacted(entry: PlanTreeEntry): PlanTreeEntry {
  if (entry.kind === 'file') return entry;
  let folder = entry;
  while (folder.children.length === 1 && folder.children[0].kind === 'folder') {
    const only: FolderEntry = folder.children[0];
    folder = { ...only, name: `${folder.name}/${only.name}` };
  }
  return folder;
}

/** As the Explorer orders names: case folded, digits as numbers (file2 before file10). */
const COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const byName = (a: PlanTreeEntry, b: PlanTreeEntry): number => COLLATOR.compare(a.name, b.name) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * A folder's children in the view's order. By name: folders first, then files, each alphabetically (as the Explorer).
 * By tokens: the heaviest first, folders and files together, ties by name, so where the budget goes reads top down.
 */
export function sortedChildren(folder: FolderEntry, order: PlanSortOrder): PlanTreeEntry[] {
  const children = folder.children.map(compacted);
  if (order === 'tokens') return children.sort((a, b) => b.tokens - a.tokens || byName(a, b));
  return children.sort((a, b) => (a.kind === b.kind ? byName(a, b) : a.kind === 'folder' ? -1 : 1));
}
