/**
 * `grok-context ask "INSTRUCTION" [DIR] --propose | --apply`: after the answer (src/cli/ask.ts), --propose prints the
 * proposed edits as a unified diff and writes nothing, --apply writes them with the same matcher and safety rules as
 * the editor and prints what changed. Sensitive files (CI, hooks, manifests…) are written only with --include-sensitive: without it they are skipped, each said on stderr, and the exit code
 * stays 0, since skipping them is the safe default working as asked, not an edit that failed.
 */
import { DEFAULT_MAX_FILE_BYTES } from '../context/scan';
import { applyToDisk } from '../edits/applyToDisk';
import { unifiedDiff } from '../edits/hunks';
import type { EditProposals, Proposal } from '../edits/proposals';
import type { EditRoot } from '../edits/workspacePaths';
import type { CliIO } from './pack';

function diffOf(proposal: Proposal): string {
  switch (proposal.change) {
    case 'create':
      return unifiedDiff(proposal.path, undefined, proposal.proposedText);
    case 'delete':
      return unifiedDiff(proposal.path, proposal.baseText, undefined);
    case 'rename':
      return `rename from ${proposal.path}\nrename to ${proposal.newPath}\n`;
    case 'modify':
      return unifiedDiff(proposal.path, proposal.baseText, proposal.proposedText);
  }
}

/** After an answer with edit tools: print the proposals as a diff (--propose) or write them (--apply). */
export async function reportEdits(proposals: EditProposals, mode: 'propose' | 'apply', roots: readonly EditRoot[], includeSensitive: boolean, io: CliIO): Promise<number> {
  const pending = proposals.pending();
  if (pending.length === 0) {
    io.err('No edits were proposed.\n');
    return 0;
  }
  if (mode === 'propose') {
    for (const proposal of pending) io.out(diffOf(proposal));
    for (const proposal of pending) if (proposal.sensitive) io.err(`sensitive: ${proposal.path}: ${proposal.sensitive} (--apply writes it only with --include-sensitive)\n`);
    io.err(`${pending.length} edit${pending.length === 1 ? '' : 's'} proposed; nothing was written (use --apply to write them).\n`);
    return 0;
  }
  const results = await applyToDisk(proposals, roots, DEFAULT_MAX_FILE_BYTES, { includeSensitive });
  for (const result of results) (result.ok && !result.skipped ? io.out : io.err)(`${result.message}\n`);
  return results.every((result) => result.ok) ? 0 : 1;
}
