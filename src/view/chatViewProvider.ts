/** Hosts the chat webview: serves its HTML, routes its messages, and mirrors the host-owned conversation into it. */
import * as vscode from 'vscode';
import type { ConversationStore } from '../chat/conversationStore';
import { conversationMarkdown } from '../chat/conversationText';
import type { ChatSession } from '../chat/session';
import type { Logger } from '../common/logger';
import { assertNever } from '../common/assertNever';
import { parseWebviewMessage, type ErrorAction, type HostMessage, type WebviewMessage } from '../protocol/messages';
import { COMMANDS } from '../common/ids';
import type { ContextService } from '../vscode/contextService';
import type { EditApplier } from '../vscode/edits/editApplier';
import { applyCode, copyText, insertCode, openCitation } from './chatActions';
import { collectedPaths, headerView, matchMentions, mentionedPaths, pickModel, pickProvider, setEffort } from './chatHeader';
import { renderChatHtml } from './html';
import { ReadmeTitle } from './readmeTitle';

export interface ChatViewDependencies {
  session: ChatSession;
  logger: Logger;
  edits: EditApplier;
  conversations: ConversationStore;
  context: ContextService;
}

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** Messages are only posted after the webview said `ready`; until then the snapshot on `ready` covers them. */
  private ready = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly readme = new ReadmeTitle();

  private readonly session: ChatSession;
  private readonly logger: Logger;
  private readonly edits: EditApplier;
  private readonly conversations: ConversationStore;
  private readonly context: ContextService;

  constructor(
    private readonly extensionUri: vscode.Uri,
    dependencies: ChatViewDependencies,
  ) {
    ({ session: this.session, logger: this.logger, edits: this.edits, conversations: this.conversations, context: this.context } = dependencies);
    this.subscriptions.push(
      new vscode.Disposable(
        this.session.onMessage((message) => {
          this.post(message);
          // an answer ended: the header's history meter moved
          if (message.type === 'busy' && !message.busy) this.postHeader();
        }).dispose,
      ),
      new vscode.Disposable(this.edits.proposals.onChange(() => this.post({ type: 'edits', edits: this.edits.proposals.views() })).dispose),
      new vscode.Disposable(this.conversations.onChange(() => this.postConversations()).dispose),
      this.context.onDidChangePlan(() => {
        this.postHeader();
        // the README may have been edited with the rest: its title names the first example question
        void this.readme.refresh().then((changed) => changed && this.postHeader());
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('grokContext')) this.postHeader();
      }),
    );
  }

  private postHeader(): void {
    const conversation = this.session.budgetView();
    this.post({ type: 'header', header: { ...headerView(this.context, this.readme.current), ...(conversation ? { conversation } : {}) } });
  }

  /** The list, after the session saved (an answer ended) or the user renamed, deleted or switched. */
  postConversations(): void {
    this.post({ type: 'conversations', conversations: this.conversations.list(), activeId: this.session.conversationId });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    // the chat was shown: the context is wanted now (its size and cost fill the header and the empty state)
    this.context.ensureLive();
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    view.webview.html = renderChatHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      // the first frame already names the provider and model (no "Provider · model" placeholder until `ready`)
      header: headerView(this.context, this.readme.current),
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
      void this.session.close();
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
        this.postHeader();
        this.postConversations();
        return;
      case 'ask':
        void this.ask(message.text, message.images?.map((image) => image.dataUrl));
        return;
      case 'draft':
        void this.session.draft(message.text);
        return;
      case 'stop':
        void this.session.stop();
        return;
      case 'unqueue':
        this.session.unqueue(message.id);
        return;
      case 'newChat':
        void this.session.reset().then(() => this.postConversations());
        return;
      case 'runAction':
        void this.runAction(message.action);
        return;
      case 'editAction': {
        const command = { review: COMMANDS.reviewEdit, accept: COMMANDS.acceptEdit, reject: COMMANDS.rejectEdit, undo: COMMANDS.undoEdit }[message.action];
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
      case 'switchConversation':
      case 'renameConversation':
      case 'deleteConversation':
      case 'exportConversation':
        void this.manageConversation(message);
        return;
      case 'editLast':
        void this.session.retry(message.text);
        return;
      case 'setEffort':
        void setEffort(message.effort);
        return;
      case 'pickProvider':
        void pickProvider();
        return;
      case 'pickModel':
        void pickModel();
        return;
      case 'mentionFiles':
        this.post({ type: 'mentionResults', query: message.query, paths: matchMentions(collectedPaths(this.context), message.query) });
        return;
      default:
        assertNever(message, 'webview message');
    }
  }

  /** `@path` mentions pin their files into the context (visible, and removable, in the Context view), then it asks. */
  private async ask(text: string, images?: string[]): Promise<void> {
    for (const path of mentionedPaths(text, collectedPaths(this.context))) {
      if (!this.context.overrides('pinned').includes(path)) await this.context.setOverride('pinned', path, true);
    }
    await this.session.ask(text, images);
  }

  private async manageConversation(message: Extract<WebviewMessage, { id: string }>): Promise<void> {
    const active = message.id === this.session.conversationId;
    switch (message.type) {
      case 'switchConversation': {
        const stored = await this.conversations.get(message.id);
        if (stored && !active) await this.session.load(stored);
        break;
      }
      case 'renameConversation':
        if (active) this.session.setTitle(message.title);
        else await this.conversations.rename(message.id, message.title);
        return;
      case 'deleteConversation':
        if (active) await this.session.reset();
        await this.conversations.delete(message.id);
        return;
      case 'exportConversation': {
        const stored = active ? this.session.toStored() : await this.conversations.get(message.id);
        if (!stored) return;
        const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: conversationMarkdown(stored) });
        await vscode.window.showTextDocument(document, { preview: false });
        return;
      }
    }
    this.postConversations();
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
