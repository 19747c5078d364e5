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

function card(tool: ToolActivityView): HTMLElement {
  const item = element('li', 'tool-card');
  item.dataset.toolId = tool.id;
  item.dataset.tool = tool.tool;
  item.dataset.status = tool.status;
  const line = element('div', 'tool-line');
  const status = icon(STATUS_ICONS[tool.status], tool.status === 'running' ? 'tool-status codicon-modifier-spin' : 'tool-status');
  status.removeAttribute('aria-hidden');
  status.setAttribute('role', 'img');
  status.setAttribute('aria-label', STATUS_LABELS[tool.status]);
  line.append(icon(TOOL_ICONS[tool.tool] ?? 'tools', 'tool-icon'), element('span', 'tool-summary', tool.summary), status);
  if (tool.editId) {
    line.append(button({ className: 'link-button tool-edit-link', label: `Show the proposed change for: ${tool.summary}`, text: 'Show change', data: { editId: tool.editId } }));
  }
  item.append(line);
  if (tool.status === 'failed' && tool.detail) item.append(element('div', 'tool-detail', tool.detail));
  return item;
}

/** Replaces the list's cards (a handful per answer, so rebuilding is cheaper than diffing). */
export function renderTools(list: HTMLElement, tools: ToolActivityView[] | undefined): void {
  list.replaceChildren(...(tools ?? []).map(card));
  list.hidden = !tools || tools.length === 0;
}
