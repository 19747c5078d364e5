/**
 * The "naive peer" for bench/webview.ts: how many chat webviews render a streamed answer. On every frame with new
 * text, the whole message goes through markdown-it and DOMPurify again and replaces the message's HTML. It uses the
 * same configured markdown-it (colouring, citations) and DOMPurify as the real webview, so only the strategy differs.
 */
import type { HostMessage, WebviewMessage } from '../src/protocol/messages';
import { renderMarkdownHtml, sanitizeToString } from '../src/webview/markdown';

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void };

interface PeerTurn {
  body: HTMLElement;
  reasoning: HTMLElement;
  text: string;
  thoughts: string;
}

const transcript = document.getElementById('transcript')!;
const turns = new Map<string, PeerTurn>();
const dirty = new Set<PeerTurn>();
let frameRequested = false;

function flush(): void {
  frameRequested = false;
  const stick = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
  for (const turn of dirty) {
    turn.body.innerHTML = sanitizeToString(renderMarkdownHtml(turn.text));
    turn.reasoning.textContent = turn.thoughts;
  }
  dirty.clear();
  if (stick) transcript.scrollTop = transcript.scrollHeight;
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'snapshot') {
    transcript.replaceChildren();
    turns.clear();
  } else if (message.type === 'turnAdded') {
    const section = document.createElement('section');
    section.className = `turn ${message.turn.role}`;
    const reasoning = document.createElement('details');
    const body = document.createElement('div');
    body.className = 'body markdown';
    if (message.turn.role === 'user') body.textContent = message.turn.text;
    section.append(reasoning, body);
    transcript.append(section);
    turns.set(message.turn.id, { body, reasoning, text: message.turn.text, thoughts: '' });
  } else if (message.type === 'delta') {
    const turn = turns.get(message.turnId);
    if (!turn) return;
    if (message.channel === 'text') turn.text += message.text;
    else turn.thoughts += message.text;
    dirty.add(turn);
    if (!frameRequested) {
      frameRequested = true;
      requestAnimationFrame(flush);
    }
  }
});

acquireVsCodeApi().postMessage({ type: 'ready' });
