/**
 * The model's reasoning, collapsed by default. The summary says "Thinking…" while it streams and how many tokens it
 * took; the text itself is only put in the DOM while the section is open, so a long hidden reasoning costs nothing.
 */
import type { AssistantTurnView } from '../../protocol/messages';
import { element, estimateTokens, formatNumber, icon } from '../dom';

export class ReasoningView {
  readonly root = element('details', 'reasoning');
  private readonly label = element('span', 'reasoning-label');
  private readonly tokens = element('span', 'reasoning-tokens');
  private readonly body = element('div', 'reasoning-body');
  private readonly text = document.createTextNode('');
  private source = '';

  constructor() {
    const summary = element('summary', 'reasoning-summary');
    summary.append(icon('lightbulb-sparkle'), this.label, this.tokens);
    this.body.append(this.text);
    this.root.append(summary, this.body);
    this.root.hidden = true;
    this.root.addEventListener('toggle', () => this.syncBody());
  }

  append(delta: string): void {
    this.source += delta;
  }

  reset(source: string): void {
    this.source = source;
    this.text.data = '';
  }

  update(turn: AssistantTurnView): void {
    this.root.hidden = this.source === '';
    if (this.root.hidden) return;
    const thinking = turn.status === 'streaming' && turn.text === '';
    this.root.dataset.thinking = String(thinking);
    this.label.textContent = thinking ? 'Thinking…' : 'Reasoning';
    const counted = turn.usage?.reasoningTokens;
    this.tokens.textContent = counted ? `${formatNumber(counted)} tokens` : `~${formatNumber(estimateTokens(this.source))} tokens`;
    this.syncBody();
  }

  private syncBody(): void {
    if (!this.root.open) return;
    // Appending keeps one text node growing instead of re-setting the whole text each frame.
    if (this.source.startsWith(this.text.data)) this.text.appendData(this.source.slice(this.text.data.length));
    else this.text.data = this.source;
  }
}
