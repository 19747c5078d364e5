/**
 * Explain / Refactor / Ask from the editor: each builds a question around the selection or the file, opens the chat
 * (reusing the conversation), and asks with the effort that suits it (explain: low, refactor: medium). The selection
 * travels in the question itself, so it is in the context whatever the plan leaves out.
 */
import * as vscode from 'vscode';
import type { ChatSession } from '../../chat/session';
import { CHAT_VIEW_ID, COMMANDS } from '../../common/ids';
import type { RequestParameters } from '../../providers/factory';

type Kind = 'explain' | 'refactor' | 'ask';

const EFFORT: Record<Kind, Partial<RequestParameters>> = {
  explain: { reasoningEffort: 'low' },
  refactor: { reasoningEffort: 'medium' },
  ask: {},
};

interface Target {
  document: vscode.TextDocument;
  path: string;
  selection?: { text: string; startLine: number; endLine: number };
}

/** The file (and selection) a command acts on: the URI it was invoked on (Explorer, editor menu) or the active editor. */
async function targetOf(uri: unknown, withSelection: boolean): Promise<Target | undefined> {
  const editor = vscode.window.activeTextEditor;
  const document =
    uri instanceof vscode.Uri && uri.toString() !== editor?.document.uri.toString() ? await vscode.workspace.openTextDocument(uri) : editor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Grok Context: open a file first.');
    return undefined;
  }
  const path = vscode.workspace.asRelativePath(document.uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  if (!withSelection || editor?.document !== document || editor.selection.isEmpty) return { document, path };
  const selection = editor.selection;
  // a selection that ends at column 0 of a line does not include that line
  const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return { document, path, selection: { text: document.getText(selection), startLine: selection.start.line + 1, endLine: endLine + 1 } };
}

function fenced(target: Target): string {
  const text = target.selection!.text;
  // a fence longer than any backtick run inside the code keeps it intact
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  // the info string names where it came from (`ts src/a.ts:3-7`): the chat shows it as a link, the model reads it
  return `${fence}${target.document.languageId} ${location(target)}\n${text}${text.endsWith('\n') ? '' : '\n'}${fence}`;
}

function location(target: Target): string {
  const { selection } = target;
  if (!selection) return target.path;
  return selection.startLine === selection.endLine ? `${target.path}:${selection.startLine}` : `${target.path}:${selection.startLine}-${selection.endLine}`;
}

/** The question a command asks; `instruction` is what the user typed (refactor, ask). */
export function buildQuestion(kind: Kind, target: Target, instruction = ''): string {
  const code = target.selection ? `\n\n${fenced(target)}` : '';
  switch (kind) {
    case 'explain':
      return target.selection
        ? `Explain this code from ${location(target)}: what it does, why, and anything surprising.${code}`
        : `Explain ${target.path}: what it does, how it fits into the workspace, and anything surprising.`;
    case 'refactor':
      return `Refactor ${target.selection ? `this code from ${location(target)}` : target.path}: ${instruction}\nPropose the change with the edit tools (replace_in_file), keeping behaviour unless asked otherwise.${code}`;
    case 'ask':
      return `About ${location(target)}: ${instruction}${code}`;
  }
}

async function run(session: ChatSession, kind: Kind, withSelection: boolean, uri: unknown, instructionForAutomation: unknown): Promise<void> {
  const target = await targetOf(uri, withSelection);
  if (!target) return;
  let instruction = '';
  if (kind !== 'explain') {
    const entered =
      typeof instructionForAutomation === 'string'
        ? instructionForAutomation
        : await vscode.window.showInputBox({
            title: kind === 'refactor' ? `Refactor ${location(target)}` : `Ask about ${location(target)}`,
            prompt: kind === 'refactor' ? 'What should change? Grok proposes edits you review before anything is written.' : 'Your question',
            placeHolder: kind === 'refactor' ? 'e.g. extract the retry loop into a function' : 'e.g. where is this called from?',
            ignoreFocusOut: true,
          });
    if (!entered?.trim()) return;
    instruction = entered.trim();
  }
  await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  await session.ask(buildQuestion(kind, target, instruction), [], EFFORT[kind]);
}

export function registerEditorCommands(session: ChatSession): vscode.Disposable[] {
  // (uri, instruction): the editor and Explorer menus pass the file's URI; tests and other extensions pass the instruction
  return [
    vscode.commands.registerCommand(COMMANDS.explainSelection, (uri?: unknown) => run(session, 'explain', true, uri, undefined)),
    vscode.commands.registerCommand(COMMANDS.explainFile, (uri?: unknown) => run(session, 'explain', false, uri, undefined)),
    vscode.commands.registerCommand(COMMANDS.refactorSelection, (uri?: unknown, instruction?: unknown) => run(session, 'refactor', true, uri, instruction)),
    vscode.commands.registerCommand(COMMANDS.refactorFile, (uri?: unknown, instruction?: unknown) => run(session, 'refactor', false, uri, instruction)),
    vscode.commands.registerCommand(COMMANDS.askAboutFile, (uri?: unknown, instruction?: unknown) => run(session, 'ask', true, uri, instruction)),
  ];
}

/** The lightbulb: Explain / Refactor with Grok on a selection. */
export class GrokCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.RefactorRewrite.append('grok')];

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    if (range.isEmpty || document.uri.scheme !== 'file') return [];
    const explain = new vscode.CodeAction('Explain with Grok', GrokCodeActions.kinds[0]);
    explain.command = { command: COMMANDS.explainSelection, title: 'Explain with Grok' };
    const refactor = new vscode.CodeAction('Refactor with Grok…', GrokCodeActions.kinds[0]);
    refactor.command = { command: COMMANDS.refactorSelection, title: 'Refactor with Grok…' };
    return [explain, refactor];
  }
}
