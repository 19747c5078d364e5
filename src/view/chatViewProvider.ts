/** Hosts the chat webview: serves its HTML, routes its messages, and mirrors the host-owned conversation into it. */
import * as vscode from 'vscode';
import type { ChatSession } from '../chat/session';
import type { Logger } from '../common/logger';
import { assertNever } from '../common/assertNever';
import { parseWebviewMessage, type ErrorAction, type HostMessage } from '../protocol/messages';
import { COMMANDS } from '../common/ids';
import type { EditApplier } from '../vscode/edits/editApplier';
import { applyCode, copyText, insertCode, openCitation } from './chatActions';
import { renderChatHtml } from './html';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** Messages are only posted after the webview said `ready`; until then the snapshot on `ready` covers them. */
  private ready = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: ChatSession,
    private readonly logger: Logger,
    private readonly edits: EditApplier,
  ) {
    this.subscriptions.push(
      new vscode.Disposable(session.onMessage((message) => this.post(message)).dispose),
      new vscode.Disposable(edits.proposals.onChange(() => this.post({ type: 'edits', edits: edits.proposals.views() })).dispose),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    view.webview.html = renderChatHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
    const listeners = [
      view.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      // Without retainContextWhenHidden the page is rebuilt when shown again; it says `ready` and gets a snapshot.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
    ];
    view.onDidDispose(() => {
      // The user closed the view (not merely switched away): an answer nobody can see is not worth paying for.
      void this.session.stop();
      listeners.forEach((listener) => listener.dispose());
      if (this.view === view) {
        this.view = undefined;
        this.ready = false;
      }
    });
  }

  focusInput(): void {
    this.post({ type: 'focusInput' });
  }

  private post(message: HostMessage): void {
    if (!this.view || !this.ready) return;
    void this.view.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.logger.warn(`Ignored a malformed message from the chat view: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'snapshot', conversation: this.session.view() });
        this.post({ type: 'edits', edits: this.edits.proposals.views() });
        return;
      case 'ask':
        void this.session.ask(message.text, message.images?.map((image) => image.dataUrl));
        return;
      case 'stop':
        void this.session.stop();
        return;
      case 'newChat':
        void this.session.reset();
        return;
      case 'runAction':
        void this.runAction(message.action);
        return;
      case 'editAction': {
        const command = { review: COMMANDS.reviewEdit, accept: COMMANDS.acceptEdit, reject: COMMANDS.rejectEdit }[message.action];
        void vscode.commands.executeCommand(command, message.editId);
        return;
      }
      case 'allEdits':
        void vscode.commands.executeCommand(message.action === 'accept' ? COMMANDS.acceptAllEdits : COMMANDS.rejectAllEdits);
        return;
      case 'copyText':
        void copyText(message.text);
        return;
      case 'insertCode':
        void insertCode(message.code);
        return;
      case 'applyCode':
        void applyCode(this.edits, message.code, message.path);
        return;
      case 'openCitation':
        void openCitation(message.path, message.line, message.endLine);
        return;
      default:
        assertNever(message, 'webview message');
    }
  }

  private async runAction(action: ErrorAction): Promise<void> {
    switch (action) {
      case 'setApiKey':
        await vscode.commands.executeCommand(COMMANDS.setApiKey);
        return;
      case 'openSettings':
        await vscode.commands.executeCommand(COMMANDS.openSettings);
        return;
      case 'retry':
        await this.session.retry();
        return;
      default:
        assertNever(action, 'action');
    }
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }
}
