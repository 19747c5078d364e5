/**
 * A refused edit, as the user reads it. The model gets the matcher's whole message (what was wrong, the nearest text,
 * what to send instead); the user gets a status line and, folded under it, what did not match and where: no
 * instructions addressed to the model.
 */
import type { BlockResult } from '../edits/types';

const REASONS: Record<string, string> = {
  'not-found': 'not found in the file',
  ambiguous: 'matches more than one place',
  'occurrences-mismatch': 'matches a different number of places than the model expected',
  'empty-old-string': 'has no text to find (only an empty file can be written that way)',
  'no-change': 'would change nothing',
};

/** The card's line: "Edit to src/calc.ts did not match" (the chat adds whether Grok was told and retried). */
export function failedEditSummary(path: string): string {
  return `Edit to ${path} did not match`;
}

/** What the user sees when the line is expanded: each block's outcome, the nearest text for one that was not found. */
export function failedEditDetail(blocks: readonly BlockResult[], stale: boolean): string {
  const lines = blocks.map((block, index) => {
    if (block.ok) return `Block ${index + 1}: matched (nothing was written: a file's blocks apply all together or not at all).`;
    const reason = REASONS[block.reason] ?? block.reason;
    const places = block.found ? ` (${block.found} places)` : '';
    const nearest = block.nearest ? `\nThe most similar text starts at line ${block.nearest.line} (${Math.round(block.nearest.score * 100)}% similar):\n${block.nearest.text}` : '';
    return `Block ${index + 1}: ${reason}${places}.${nearest}`;
  });
  if (stale) lines.push('The file had changed since Grok read it.');
  return lines.join('\n');
}
