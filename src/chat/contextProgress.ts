/** The chat's words for what the context engine is busy with while an answer waits for its context. */
import type { ContextProgress } from '../context/workerProtocol';

const number = (value: number) => value.toLocaleString('en-US');

export function describeContextProgress(progress: ContextProgress): string {
  switch (progress.phase) {
    case 'queued':
      return 'waiting for the context engine to finish earlier work…';
    case 'listing':
      return 'listing the workspace’s files…';
    case 'reading': {
      const of = progress.total !== undefined ? `${number(progress.done ?? 0)} of ${number(progress.total)} files` : `${number(progress.done ?? 0)} files`;
      const scans = progress.secretScans ? `, ${number(progress.secretScans)} checked for secrets` : '';
      return `planning the context: counted ${of}${scans}…`;
    }
    case 'changes':
      return 'checking the workspace for changes since the snapshot…';
  }
}
