/**
 * The command line's --apply: writes pending proposals straight to disk with the rules the editor follows. Each
 * proposal is re-checked against the file as it is now (re-matched if it changed) and its paths are resolved again,
 * so nothing is written outside the workspace or over text the proposal did not see. A sensitive file (sensitiveFiles.ts)
 * is written only when the caller says so (`--include-sensitive`); otherwise it is skipped and reported.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readFileText } from './fileText';
import { lineCounts } from './hunks';
import type { EditProposals, Proposal } from './proposals';
import { resolveWorkspacePath, type EditRoot } from './workspacePaths';

export interface DiskResult {
  id: string;
  ok: boolean;
  /** Left pending on purpose (a sensitive file without `includeSensitive`): not a failure. */
  skipped?: boolean;
  /** "modified src/a.ts (+3 −1)", or why it was not written. */
  message: string;
}

export interface DiskOptions {
  /** Write sensitive files too (the command line's --include-sensitive); off, they are skipped and reported. */
  includeSensitive?: boolean;
}

async function exists(absolute: string): Promise<boolean> {
  return fs.lstat(absolute).then(
    () => true,
    () => false,
  );
}

async function applyOne(proposals: EditProposals, proposal: Proposal, roots: readonly EditRoot[], maxFileBytes: number): Promise<string> {
  const target = await resolveWorkspacePath(roots, proposal.path);
  if (!target.ok) throw new Error(target.error);
  if (proposal.change === 'create') {
    await fs.mkdir(path.dirname(target.absolute), { recursive: true });
    // 'wx': fails rather than overwrite a file that appeared since
    await fs.writeFile(target.absolute, proposal.proposedText, { flag: 'wx' });
    return `created ${proposal.path} (+${lineCounts(proposals.hunks(proposal)).added})`;
  }
  const current = await readFileText(target.absolute, proposal.path, maxFileBytes);
  if (!current.ok) throw new Error(current.error);
  if (!proposals.rebase(proposal.id, current.text)) throw new Error(proposal.reason ?? `${proposal.path} changed`);
  switch (proposal.change) {
    case 'modify': {
      const counts = lineCounts(proposals.hunks(proposal));
      await fs.writeFile(target.absolute, proposal.proposedText);
      return `modified ${proposal.path} (+${counts.added} −${counts.removed})`;
    }
    case 'delete':
      await fs.unlink(target.absolute);
      return `deleted ${proposal.path}`;
    case 'rename': {
      const destination = await resolveWorkspacePath(roots, proposal.newPath ?? '');
      if (!destination.ok) throw new Error(destination.error);
      if (await exists(destination.absolute)) throw new Error(`${proposal.newPath} exists now; not overwritten`);
      await fs.mkdir(path.dirname(destination.absolute), { recursive: true });
      await fs.rename(target.absolute, destination.absolute);
      return `renamed ${proposal.path} → ${proposal.newPath}`;
    }
  }
}

/** Applies every pending proposal; one that fails is reported and marked conflicted, the others still apply. */
export async function applyToDisk(proposals: EditProposals, roots: readonly EditRoot[], maxFileBytes: number, options: DiskOptions = {}): Promise<DiskResult[]> {
  const results: DiskResult[] = [];
  for (const proposal of proposals.pending()) {
    if (proposal.sensitive && !options.includeSensitive) {
      const name = proposal.newPath ? `${proposal.path} → ${proposal.newPath}` : proposal.path;
      results.push({ id: proposal.id, ok: true, skipped: true, message: `skipped (sensitive) ${name}: ${proposal.sensitive}; pass --include-sensitive to write it` });
      continue;
    }
    try {
      const message = await applyOne(proposals, proposal, roots, maxFileBytes);
      proposals.setStatus(proposal.id, 'accepted');
      results.push({ id: proposal.id, ok: true, message });
    } catch (error) {
      const message = `not written: ${proposal.path}: ${(error as Error).message}`;
      proposals.setStatus(proposal.id, 'conflicted', message);
      results.push({ id: proposal.id, ok: false, message });
    }
  }
  return results;
}
