/** What the model did with its tools in one answer, as compact cards: tool icon, one-line summary, status. */
import type { ToolActivityView } from '../../protocol/messages';
import { button, element, icon } from '../dom';

const TOOL_ICONS: Record<ToolActivityView['tool'], string> = {
  read_file: 'file',
  list_files: 'list-tree',
  search: 'search',
  replace_in_file: 'edit',
  write_file: 'replace-all',
  create_file: 'new-file',
  delete_file: 'trash',
  rename_file: 'arrow-right',
};

const STATUS_ICONS: Record<ToolActivityView['status'], string> = {
  running: 'loading',
  done: 'check',
  failed: 'error',
};

const STATUS_LABELS: Record<ToolActivityView['status'], string> = {
  running: 'running',
  done: 'done',
  failed: 'failed',
};

const EDIT_TOOLS: ReadonlyArray<ToolActivityView['tool']> = ['replace_in_file', 'write_file', 'create_file', 'delete_file', 'rename_file'];

/**
 * A failed edit's line: a status, not the model's instructions ("Edit to src/a.ts did not match; Grok was told and
 * retried" once a later call of the answer edits the same file).
 */
export function failureLine(tool: ToolActivityView, later: readonly ToolActivityView[]): string {
  if (!EDIT_TOOLS.includes(tool.tool)) return tool.summary;
  const retried = tool.path !== undefined && later.some((other) => EDIT_TOOLS.includes(other.tool) && other.path === tool.path);
  return `${tool.summary}; Grok was told${retried ? ' and retried' : ''}`;
}

function card(tool: ToolActivityView, later: readonly ToolActivityView[]): HTMLElement {
  const item = element('li', 'tool-card');
  item.dataset.toolId = tool.id;
  item.dataset.tool = tool.tool;
  item.dataset.status = tool.status;
  const line = element('div', 'tool-line');
  const status = icon(STATUS_ICONS[tool.status], tool.status === 'running' ? 'tool-status codicon-modifier-spin' : 'tool-status');
  status.removeAttribute('aria-hidden');
  status.setAttribute('role', 'img');
  status.setAttribute('aria-label', STATUS_LABELS[tool.status]);
  const failed = tool.status === 'failed';
  line.append(icon(TOOL_ICONS[tool.tool] ?? 'tools', 'tool-icon'), element('span', 'tool-summary', failed ? failureLine(tool, later) : tool.summary), status);
  if (tool.editId) {
    line.append(button({ className: 'link-button tool-edit-link', label: `Show the proposed change for: ${tool.summary}`, text: 'Show change', data: { editId: tool.editId } }));
  }
  if (failed && tool.detail) {
    // one collapsed line; what did not match (and where) when opened
    const details = element('details', 'tool-failure');
    const summary = element('summary', 'tool-line');
    summary.append(...line.childNodes);
    details.append(summary, element('div', 'tool-detail', tool.detail));
    item.append(details);
    return item;
  }
  item.append(line);
  return item;
}

/**
 * Replaces the list's cards (a handful per answer, so rebuilding is cheaper than diffing). `answerTools`: every call of
 * the answer, to tell whether a failed edit was retried by a later one.
 */
export function renderTools(list: HTMLElement, tools: ToolActivityView[] | undefined, answerTools: readonly ToolActivityView[] = tools ?? []): void {
  list.replaceChildren(...(tools ?? []).map((tool) => card(tool, answerTools.slice(answerTools.indexOf(tool) + 1))));
  list.hidden = !tools || tools.length === 0;
}
