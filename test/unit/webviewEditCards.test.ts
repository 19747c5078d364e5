// The edit cards under jsdom: a sensitive file says so, with the reason, before anyone presses Accept.
import * as assert from 'node:assert/strict';
import type { PendingEditView, WebviewMessage } from '../../src/protocol/messages';
import { EditsPanel } from '../../src/webview/render/edits';
import { useJsdomContainer } from '../support/jsdomContainer';

describe('webview edit cards: sensitive files (jsdom)', () => {
  const containerOf = useJsdomContainer();
  let container: HTMLElement;
  beforeEach(() => (container = containerOf()));

  const edit = (id: string, path: string, extra: Partial<PendingEditView> = {}): PendingEditView => ({
    id,
    path,
    change: 'modify',
    added: 1,
    removed: 1,
    matchKinds: ['exact'],
    hunks: 1,
    status: 'pending',
    ...extra,
  });

  it('marks a sensitive card with "sensitive" and the reason, for eyes and screen readers; ordinary cards stay plain', () => {
    const sent: WebviewMessage[] = [];
    const panel = new EditsPanel(container, (message) => sent.push(message));
    panel.update([edit('e1', '.github/workflows/ci.yml', { sensitive: 'runs in CI (GitHub Actions workflow)' }), edit('e2', 'src/a.ts')]);
    const [workflow, source] = [...container.querySelectorAll<HTMLElement>('.edit-card')];
    assert.equal(workflow.dataset.sensitive, 'true');
    assert.equal(workflow.querySelector('.edit-sensitive-label')?.textContent, 'sensitive');
    assert.equal(workflow.querySelector('.edit-sensitive-reason')?.textContent, 'runs in CI (GitHub Actions workflow)');
    assert.equal(workflow.querySelector('.edit-sensitive .codicon-shield')?.getAttribute('aria-hidden'), 'true');
    assert.equal(workflow.getAttribute('aria-label'), 'modify .github/workflows/ci.yml, pending, sensitive: runs in CI (GitHub Actions workflow)');
    assert.equal(source.dataset.sensitive, undefined);
    assert.equal(source.querySelector('.edit-sensitive'), null);
    assert.equal(source.getAttribute('aria-label'), 'modify src/a.ts, pending');
    // Accept still posts the ordinary action: the host asks for the confirmation
    workflow.querySelector<HTMLElement>('button[data-edit-action="accept"]')!.click();
    assert.deepEqual(sent, [{ type: 'editAction', editId: 'e1', action: 'accept' }]);
  });

  it('keeps the sensitive mark on a decided card', () => {
    new EditsPanel(container, () => undefined).update([edit('e1', 'package.json', { status: 'accepted', sensitive: 'package manifest (its scripts run on npm install, test and build)' })]);
    assert.equal(container.querySelector('.edit-sensitive-reason')?.textContent, 'package manifest (its scripts run on npm install, test and build)');
  });
});
