/**
 * The loop between user, model and file in a real VS Code: Undo on an accepted edit (the card's, and Ctrl+Z in the
 * editor) makes it "undone", Redo makes it accepted again, typing after accepting is noticed; and the next question
 * tells the model what became of its proposals, after a prefix byte-identical to the previous request's.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID } from '../../src/common/ids';
import type { Proposal } from '../../src/edits/proposals';
import type { GrokContextApi } from '../../src/extension';
import type { AssistantTurnView } from '../../src/protocol/messages';
import { FakeProvider, messagesOf } from '../support/fakeProvider';
import { everyPresetAt } from '../support/presetUrls';

const KEY = 'xai-integration-key-0003';
const LOOP = 'export function double(value: number): number {\n  return value * 2;\n}\n\nexport function half(value: number): number {\n  return value / 2;\n}\n';

describe('the loop between user, model and file (VS Code)', () => {
  let fake: FakeProvider;
  let api: GrokContextApi;
  let uri: vscode.Uri;
  const config = () => vscode.workspace.getConfiguration('grokContext');
  const lastAnswer = () => api.session.view().turns.at(-1) as AssistantTurnView;
  const disk = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const replace = (id: string, oldString: string, newString: string) => ({
    id,
    name: 'replace_in_file',
    arguments: JSON.stringify({ path: 'src/loop.ts', edits: [{ old_string: oldString, new_string: newString, expected_occurrences: null }], base_hash: null }),
  });

  /** Resolves once `check` holds for the proposal (checked on every change of the proposals). */
  function until(id: string, check: (proposal: Proposal) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const test = () => {
        const proposal = api.edits.get(id);
        if (!proposal || !check(proposal)) return false;
        subscription.dispose();
        resolve();
        return true;
      };
      const subscription = api.edits.onChange(() => void test());
      test();
    });
  }

  async function propose(oldString: string, newString: string): Promise<string> {
    const before = new Set(api.edits.all().map((proposal) => proposal.id));
    fake.enqueue({ kind: 'stream', text: ['Proposing.'], toolCalls: [replace('c1', oldString, newString)] }, { kind: 'stream', text: ['Review it.'] });
    await api.session.ask('Change it');
    assert.equal(lastAnswer().status, 'done', lastAnswer().error?.message);
    const [id] = api.edits.all().filter((proposal) => !before.has(proposal.id)).map((proposal) => proposal.id);
    assert.ok(id, 'a proposal was made');
    return id;
  }

  before(async () => {
    fake = await FakeProvider.start();
    api = await vscode.extensions.getExtension<GrokContextApi>(EXTENSION_ID)!.activate();
    uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src/loop.ts');
    await config().update('baseUrls', everyPresetAt(fake.baseUrl), vscode.ConfigurationTarget.Global);
    await config().update('maxRetries', 0, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand(COMMANDS.setApiKey, KEY);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri);
    await config().update('baseUrls', undefined, vscode.ConfigurationTarget.Global);
    await config().update('maxRetries', undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    await api.session.reset();
    await vscode.commands.executeCommand(COMMANDS.rejectAllEdits);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(LOOP));
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open && open.getText() !== LOOP) {
      await new Promise<void>((resolve) => {
        const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
          if (event.document === open && open.getText() === LOOP) {
            subscription.dispose();
            resolve();
          }
        });
      });
    }
  });

  it("the card's Undo undoes the accepted edit in the file's editor; the status becomes undone and the disk follows", async () => {
    const id = await propose('  return value * 2;', '  return value + value;');
    await vscode.commands.executeCommand(COMMANDS.acceptEdit, id);
    assert.equal(api.edits.get(id)!.status, 'accepted');
    assert.equal(api.edits.get(id)!.undoable, true, 'Undo is offered while the edit is the last change');
    assert.ok(api.edits.views().find((view) => view.id === id)!.undoable);
    await vscode.commands.executeCommand(COMMANDS.undoEdit, id);
    await until(id, (proposal) => proposal.status === 'undone');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), uri.toString(), 'undone in the file\'s own editor');
    assert.equal(editor.document.getText(), LOOP);
    assert.equal(api.edits.get(id)!.undoable, false);
    assert.equal(await disk(), LOOP, 'accepting saved the file, so undoing saves it too');
  });

  it('Ctrl+Z in the editor makes it undone, Redo accepted again; typing after accepting ends Undo and is noticed', async () => {
    const id = await propose('  return value / 2;', '  return value * 0.5;');
    await vscode.commands.executeCommand(COMMANDS.acceptEdit, id);
    const editor = await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('undo');
    await until(id, (proposal) => proposal.status === 'undone');
    assert.equal(editor.document.getText(), LOOP);
    await vscode.commands.executeCommand('redo');
    await until(id, (proposal) => proposal.status === 'accepted' && proposal.undoable === true);
    await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), '// mine\n'));
    await until(id, (proposal) => proposal.history?.editedAfter === true);
    assert.equal(api.edits.get(id)!.undoable, false, 'Undo would now undo the typing: not offered');
    assert.equal(api.edits.get(id)!.status, 'accepted');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('the next question tells the model what the user did, after a byte-identical prefix', async () => {
    const id = await propose('  return value * 2;', '  return 2 * value;');
    const lastRequest = fake.requests.length - 1;
    await vscode.commands.executeCommand(COMMANDS.acceptEdit, id);
    const editor = await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('undo');
    await until(id, (proposal) => proposal.status === 'undone');
    await vscode.commands.executeCommand('workbench.action.files.save');
    fake.enqueue({ kind: 'stream', text: ['Noted.'] });
    await api.session.ask('Was that right?');
    assert.equal(lastAnswer().status, 'done', lastAnswer().error?.message);
    const previous = fake.requests[lastRequest];
    const next = fake.requests.at(-1)!;
    const sentBefore = (previous.body.input ?? previous.body.messages) as unknown[];
    const sentNow = (next.body.input ?? next.body.messages) as unknown[];
    assert.deepEqual(sentNow.slice(0, sentBefore.length).map((item) => JSON.stringify(item)), sentBefore.map((item) => JSON.stringify(item)), 'earlier messages byte-identical');
    const question = messagesOf(next).at(-1)!.text;
    assert.match(question, new RegExp(`\\[What the user did with your proposed edits since your last answer: ${id} \\(modify src/loop\\.ts\\): accepted, then undone by the user: the file is back as it was before the edit\\.\\]\\nWas that right\\?$`));
    assert.equal(editor.document.getText(), LOOP);
  });
});
