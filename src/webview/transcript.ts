/**
 * The conversation as the host owns it: a `snapshot` replaces everything, later messages patch single turns.
 * Streaming text is rendered once per animation frame; the view follows new text only while the user is at the
 * bottom; clicks on code buttons, citations and "Show change" links are handled here, delegated, in one place.
 */
import type { AssistantTurnView, ConversationView, TurnView, UserTurnView } from '../protocol/messages';
import type { Announcer } from './announcer';
import { element } from './dom';
import { citationMessage } from './render/citations';
import { codeActionMessage, showCopied } from './render/codeBlocks';
import { FrameScheduler } from './render/scheduler';
import { AssistantView, compactionNote, userTurn, type AssistantPatch } from './render/turns';
import { Virtualizer } from './render/virtualizer';
import type { Send } from './vscodeApi';

/** Answers at the end of a restored conversation rendered at once; older ones render as they scroll into range. */
const RENDER_AT_ONCE = 2;
/** "At the bottom" allows for sub-pixel scroll positions and a line of slack. */
const BOTTOM_SLACK_PX = 40;

export class Transcript {
  private readonly assistants = new Map<string, AssistantView>();
  private readonly scheduler: FrameScheduler;
  private readonly virtualizer: Virtualizer;
  private atBottom = true;

  constructor(
    private readonly root: HTMLElement,
    private readonly send: Send,
    private readonly announcer: Announcer,
    private readonly showEdit: (editId: string) => void,
  ) {
    this.scheduler = new FrameScheduler({ afterFrame: () => this.follow() });
    this.virtualizer = new Virtualizer(root, (view) => this.scheduler.schedule(view));
    root.addEventListener('scroll', () => (this.atBottom = this.isNearBottom()), { passive: true });
    root.addEventListener('click', (event) => this.onClick(event));
  }

  snapshot(conversation: ConversationView): void {
    this.scheduler.clear();
    this.virtualizer.clear();
    this.assistants.clear();
    this.root.replaceChildren();
    if (conversation.turns.length === 0) this.renderWelcome();
    const assistants = conversation.turns.filter((turn): turn is AssistantTurnView => turn.role === 'assistant');
    const renderFrom = assistants.length - RENDER_AT_ONCE;
    const width = this.root.clientWidth;
    let index = 0;
    for (const turn of conversation.turns) {
      if (turn.role === 'user') this.addUser(turn);
      else this.addAssistant(turn, index++ >= renderFrom || turn.status === 'streaming', width);
    }
    this.atBottom = true;
    this.follow();
  }

  add(turn: TurnView): void {
    this.root.querySelector('.welcome')?.remove();
    this.atBottom = true; // a new question or answer always brings the view down to it
    if (turn.role === 'user') this.addUser(turn);
    else {
      this.addAssistant(turn, true, 0);
      if (turn.status === 'streaming') this.announcer.announce('Grok is answering');
    }
    this.follow();
  }

  delta(turnId: string, channel: 'text' | 'reasoning', text: string): void {
    const view = this.assistants.get(turnId);
    if (!view) return;
    if (channel === 'text') view.appendText(text);
    else view.appendReasoning(text);
    this.scheduler.schedule(view);
  }

  update(turnId: string, patch: AssistantPatch): void {
    const view = this.assistants.get(turnId);
    if (!view) return;
    const wasStreaming = view.isStreaming;
    view.update(patch);
    if (wasStreaming && !view.isStreaming) {
      if (view.turn.status === 'done') this.announcer.announce('Answer complete');
      else if (view.turn.status === 'stopped') this.announcer.announce('Answer stopped');
      // errors announce themselves (role="alert")
    }
    this.scheduler.schedule(view);
  }

  conversationCost(): number {
    let total = 0;
    for (const view of this.assistants.values()) total += view.turn.cost ?? 0;
    return total;
  }

  /** A question, after the compaction line when earlier turns were compacted just before it was sent. */
  private addUser(turn: UserTurnView): void {
    if (turn.compaction) this.root.append(compactionNote(turn.compaction));
    this.root.append(userTurn(turn));
  }

  private addAssistant(turn: AssistantTurnView, hydrated: boolean, width: number): void {
    const view = new AssistantView(turn, { send: this.send, conversationCost: () => this.conversationCost() }, hydrated);
    if (!hydrated) view.estimateHeight(width);
    this.assistants.set(turn.id, view);
    this.root.append(view.root);
    this.virtualizer.observe(view);
    if (hydrated) this.scheduler.schedule(view);
  }

  private renderWelcome(): void {
    const welcome = element('section', 'welcome');
    welcome.append(
      element('h2', '', 'Ask about this workspace'),
      element('p', '', 'Your files are sent as context with each question (up to your token budget). Answers cite files as path:line.'),
    );
    this.root.append(welcome);
  }

  private isNearBottom(): boolean {
    return this.root.scrollHeight - this.root.scrollTop - this.root.clientHeight < BOTTOM_SLACK_PX;
  }

  private follow(): void {
    if (this.atBottom) this.root.scrollTop = this.root.scrollHeight;
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as Element;
    const citation = target.closest<HTMLElement>('a.citation');
    if (citation) {
      event.preventDefault();
      const message = citationMessage(citation);
      if (message) this.send(message);
      return;
    }
    const control = target.closest<HTMLElement>('button');
    if (!control) return;
    if (control.dataset.codeAction) {
      const message = codeActionMessage(control);
      if (!message) return;
      this.send(message);
      if (message.type === 'copyText') showCopied(control);
    } else if (control.classList.contains('tool-edit-link') && control.dataset.editId) {
      this.showEdit(control.dataset.editId);
    }
  }
}
