/** The model's edits in a real VS Code: proposals, the diff review, Accept/Reject, Undo, stale files, CodeLens, commands. */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID } from '../../src/common/ids';
import type { GrokContextApi } from '../../src/extension';
import type { AssistantTurnView } from '../../src/protocol/messages';
import { FakeProvider, messagesOf, reasoningEffortOf } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';

const KEY = 'xai-integration-key-0002';
const CALC = 'export function total(items: number[]): number {\n  let sum = 0;\n  for (const item of items) sum += item;\n  return sum;\n}\n\nexport function average(items: number[]): number {\n  return total(items) / items.length;\n}\n';

describe('edits in VS Code', () => {
  let fake: FakeProvider;
  let api: GrokContextApi;
  let root: vscode.Uri;
  const config = () => vscode.workspace.getConfiguration('grokContext');
  const file = (relative: string) => vscode.Uri.joinPath(root, relative);
  const disk = async (relative: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(file(relative)));
  const lastAnswer = () => api.session.view().turns.at(-1) as AssistantTurnView;
  const replace = (id: string, path: string, oldString: string, newString: string) => ({
    id,
    name: 'replace_in_file',
    arguments: JSON.stringify({ path, edits: [{ old_string: oldString, new_string: newString, expected_occurrences: null }], base_hash: null }),
  });

  /** The model proposes these calls, then says it is done; resolves with the proposal ids. */
  async function propose(...calls: Array<{ id: string; name: string; arguments: string }>): Promise<string[]> {
    const before = new Set(api.edits.all().map((proposal) => proposal.id));
    fake.enqueue({ kind: 'stream', text: ['Proposing.'], toolCalls: calls }, { kind: 'stream', text: ['Review it.'] });
    await api.session.ask('Change it');
    assert.equal(lastAnswer().status, 'done', lastAnswer().error?.message);
    return api.edits.all().filter((proposal) => !before.has(proposal.id)).map((proposal) => proposal.id);
  }

  before(async () => {
    fake = await FakeProvider.start();
    api = await vscode.extensions.getExtension<GrokContextApi>(EXTENSION_ID)!.activate();
    root = vscode.workspace.workspaceFolders![0].uri;
    await config().update('baseUrls', everyPresetAt(fake.baseUrl), vscode.ConfigurationTarget.Global);
    await config().update('maxRetries', 0, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(COMMANDS.setApiKey, KEY);
  });
  after(async () => {
    await config().update('baseUrls', undefined, vscode.ConfigurationTarget.Global);
    await config().update('maxRetries', undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });
  /** Resolves once VS Code has reported the document dirty (a dirty-state change fires a change event with no edits). */
  function reportedDirty(document: vscode.TextDocument): Promise<void> {
    if (document.isDirty) return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === document && document.isDirty) {
          subscription.dispose();
          resolve();
        }
      });
    });
  }
  /** Resolves once an open document shows `text` (VS Code reloads a clean document soon after the disk changes). */
  function documentShows(uri: vscode.Uri, text: string): Promise<void> {
    const open = () => vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (!open() || open()!.getText() === text) return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === uri.toString() && event.document.getText() === text) {
          subscription.dispose();
          resolve();
        }
      });
    });
  }

  beforeEach(async () => {
    fake.reset();
    await api.session.reset();
    await vscode.commands.executeCommand(COMMANDS.rejectAllEdits); // what an earlier test left undecided
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.writeFile(file('src/calc.ts'), new TextEncoder().encode(CALC));
    await documentShows(file('src/calc.ts'), CALC);
  });

  it('a proposal opens as a diff; Accept writes it to disk as one undoable edit', async () => {
    const [id] = await propose(replace('c1', 'src/calc.ts', '  return sum;', '  return Math.round(sum);'));
    assert.deepEqual(api.edits.get(id)!.status, 'pending');
    assert.equal(await disk('src/calc.ts'), CALC, 'nothing is written before Accept');

    await vscode.commands.executeCommand(COMMANDS.reviewEdit, id);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab!;
    assert.ok(tab.input instanceof vscode.TabInputTextDiff, 'the review is a diff editor');
    assert.equal(tab.input.original.toString(), file('src/calc.ts').toString());
    assert.equal(tab.input.modified.scheme, 'grok-proposed');
    const proposed = await vscode.workspace.openTextDocument(tab.input.modified);
    assert.equal(proposed.getText(), CALC.replace('return sum;', 'return Math.round(sum);'));

    await vscode.commands.executeCommand(COMMANDS.acceptEdit, id);
    assert.equal(api.edits.get(id)!.status, 'accepted');
    assert.equal(await disk('src/calc.ts'), CALC.replace('return sum;', 'return Math.round(sum);'));
    assert.ok(!vscode.window.tabGroups.all.some((group) => group.tabs.some((open) => open.input instanceof vscode.TabInputTextDiff)), 'the review closes');

    const editor = await vscode.window.showTextDocument(file('src/calc.ts'));
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), CALC, 'one Undo restores the file');
    // the undo left the editor dirty: revert it here, or the next beforeEach's Close All makes VS Code save it in the
    // background, racing that test's own writes and reads of the file
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('Reject leaves the file untouched', async () => {
    const [id] = await propose(replace('c1', 'src/calc.ts', '  let sum = 0;', '  let sum = 1;'));
    await vscode.commands.executeCommand(COMMANDS.rejectEdit, id);
    assert.equal(api.edits.get(id)!.status, 'rejected');
    await vscode.commands.executeCommand(COMMANDS.acceptEdit, id);
    assert.equal(await disk('src/calc.ts'), CALC);
  });

  it('re-matches an edit after the user changed the file, keeping their unsaved text unsaved', async () => {
    const [id] = await propose(replace('c1', 'src/calc.ts', '  return sum;', '  return sum | 0;'));
    const editor = await vscode.window.showTextDocument(file('src/calc.ts'));
    await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), '// the user typed this\n'));
    // VS Code tells the extension host that a document became dirty in a message of its own, after the text change:
    // a person cannot click Accept inside that gap, and under load the test could (the file was then saved as clean)
    await reportedDirty(editor.document);
    await vscode.commands.executeCommand(COMMANDS.acceptEdit, id);
    assert.equal(api.edits.get(id)!.status, 'accepted');
    assert.equal(editor.document.getText(), `// the user typed this\n${CALC.replace('return sum;', 'return sum | 0;')}`);
    assert.equal(editor.document.isDirty, true, 'a file with unsaved user text is not saved for them');
    assert.equal(await disk('src/calc.ts'), CALC);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('flags a stale edit as conflicted and writes nothing when its lines were changed', async () => {
    const [id] = await propose(replace('c1', 'src/calc.ts', '  return total(items) / items.length;', '  return items.length ? total(items) / items.length : 0;'));
    await vscode.workspace.fs.writeFile(file('src/calc.ts'), new TextEncoder().encode(CALC.replace('return total(items) / items.length;', 'throw new Error("rewritten");')));
    await vscode.commands.executeCommand(COMMANDS.acceptEdit, id);
    const proposal = api.edits.get(id)!;
    assert.equal(proposal.status, 'conflicted');
    assert.match(proposal.reason!, /src\/calc\.ts changed since the edit was proposed and the edit no longer fits .* Nothing was written/);
    assert.match(await disk('src/calc.ts'), /rewritten/);
  });

  it('shows CodeLens per hunk; accepting one hunk applies only that hunk', async () => {
    const [id] = await propose({
      id: 'c1',
      name: 'replace_in_file',
      arguments: JSON.stringify({
        path: 'src/calc.ts',
        edits: [
          { old_string: '  let sum = 0;', new_string: '  let sum = 0; // start', expected_occurrences: null },
          { old_string: '  return total(items) / items.length;', new_string: '  return total(items) / Math.max(1, items.length);', expected_occurrences: null },
        ],
        base_hash: null,
      }),
    });
    const document = await vscode.workspace.openTextDocument(file('src/calc.ts'));
    await vscode.window.showTextDocument(document);
    // beforeEach rewrote the file behind VS Code's back: its text can match before VS Code has taken the new file's
    // stat, and a save then fails as "File Modified Since". Revert reloads it from disk and resolves once it has.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const accepts = lenses.filter((lens) => lens.command?.command === COMMANDS.acceptHunk);
    assert.deepEqual(accepts.map((lens) => lens.range.start.line), [1, 7]);
    assert.deepEqual(
      lenses.filter((lens) => lens.range.start.line === 7).map((lens) => lens.command?.title),
      ["$(check) Accept Grok's change", '$(close) Reject', '$(diff) Diff'],
    );
    // the command resolves once its save has written the file (not when the hunk is marked accepted): the document
    // is clean, and a read of the disk from then on sees the whole file, not one cut at the old length mid-write
    await vscode.commands.executeCommand(accepts[1].command!.command, ...accepts[1].command!.arguments!);
    assert.equal(document.isDirty, false, 'saved before the command resolved');
    assert.equal(await disk('src/calc.ts'), CALC.replace('/ items.length;', '/ Math.max(1, items.length);'));
    assert.equal(api.edits.get(id)!.status, 'pending', 'the other hunk still waits');
    const remaining = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    assert.deepEqual(remaining.filter((lens) => lens.command?.command === COMMANDS.acceptHunk).map((lens) => lens.range.start.line), [1]);
  });

  it('resolves the path again at write time: a folder swapped for a symlink out of the workspace is refused, nothing written', async () => {
    const lib = path.join(root.fsPath, 'lib');
    const outside = mkdtempSync(path.join(tmpdir(), 'grok-it-outside-'));
    mkdirSync(lib, { recursive: true });
    writeFileSync(path.join(lib, 'util.ts'), 'export const limit = 1;\n');
    try {
      const [id] = await propose(replace('c1', 'lib/util.ts', 'limit = 1', 'limit = 2'));
      assert.equal(api.edits.get(id)!.status, 'pending');
      // after the proposal, lib/ becomes a link to a folder outside the workspace holding the same file
      rmSync(lib, { recursive: true });
      writeFileSync(path.join(outside, 'util.ts'), 'export const limit = 1;\n');
      symlinkSync(outside, lib);
      await vscode.commands.executeCommand(COMMANDS.acceptEdit, id);
      assert.equal(api.edits.get(id)!.status, 'conflicted');
      assert.match(api.edits.get(id)!.reason!, /leads outside the workspace through a symbolic link.*Nothing was written/);
      assert.equal(readFileSync(path.join(outside, 'util.ts'), 'utf8'), 'export const limit = 1;\n', 'the file outside is untouched');
    } finally {
      rmSync(lib, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('Accept all applies edits to several files in one WorkspaceEdit, new files included', async () => {
    const ids = await propose(replace('c1', 'src/calc.ts', '  let sum = 0;', '  let sum = 0 as number;'), { id: 'c2', name: 'create_file', arguments: JSON.stringify({ path: 'src/created.ts', content: 'export const created = 1;\n' }) });
    assert.equal(ids.length, 2);
    await vscode.commands.executeCommand(COMMANDS.acceptAllEdits);
    assert.deepEqual(ids.map((id) => api.edits.get(id)!.status), ['accepted', 'accepted']);
    assert.match(await disk('src/calc.ts'), /let sum = 0 as number;/);
    assert.equal(await disk('src/created.ts'), 'export const created = 1;\n');
    await vscode.workspace.fs.delete(file('src/created.ts'));
  });

  it('Explain Selection asks with low effort and the selected code; Refactor Selection with medium effort and the edit tools', async () => {
    const editor = await vscode.window.showTextDocument(file('src/calc.ts'));
    editor.selection = new vscode.Selection(6, 0, 9, 0);
    fake.enqueue({ kind: 'stream', text: ['It averages.'] });
    await vscode.commands.executeCommand(COMMANDS.explainSelection);
    const explain = await fake.request(0);
    assert.equal(reasoningEffortOf(explain), 'low');
    assert.equal(
      messagesOf(explain).at(-1)!.text,
      'Explain this code from src/calc.ts:7-9: what it does, why, and anything surprising.\n\n```typescript src/calc.ts:7-9\nexport function average(items: number[]): number {\n  return total(items) / items.length;\n}\n```',
    );
    fake.enqueue({ kind: 'stream', text: ['Refactoring.'], toolCalls: [replace('c1', 'src/calc.ts', '  return total(items) / items.length;', '  return items.length === 0 ? 0 : total(items) / items.length;')] }, { kind: 'stream', text: ['Done.'] });
    assert.equal(lastAnswer().status, 'done', `explain: ${lastAnswer().error?.message ?? lastAnswer().status}`);
    await vscode.commands.executeCommand(COMMANDS.refactorSelection, undefined, 'guard against an empty list');
    assert.equal(lastAnswer().status, 'done', `refactor: ${lastAnswer().error?.message ?? lastAnswer().status} (${fake.requests.length} requests)`);
    const refactor = await fake.request(1);
    assert.equal(reasoningEffortOf(refactor), 'medium');
    assert.ok(refactor.body.tools.some((tool: { name: string }) => tool.name === 'replace_in_file'));
    // (a file an earlier test deleted may travel first, as workspace changes: the question follows them)
    assert.match(messagesOf(refactor).at(-1)!.text, /(^|\n)Refactor this code from src\/calc\.ts:7-9: guard against an empty list\n/);
    assert.equal(api.edits.pending().at(-1)!.proposedText, CALC.replace('return total(items) / items.length;', 'return items.length === 0 ? 0 : total(items) / items.length;'));
  });

  it('the lightbulb offers Explain and Refactor with Grok on a selection', async () => {
    const document = await vscode.workspace.openTextDocument(file('src/calc.ts'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(1, 0, 3, 0));
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes('Explain with Grok') && titles.includes('Refactor with Grok…'), titles.join(', '));
  });
});
