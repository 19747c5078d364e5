/**
 * The chat webview. It mirrors the conversation the host owns: a `snapshot` replaces everything, later
 * messages patch single turns. Streaming text is coalesced into one render per animation frame.
 */
import { MAX_IMAGES, MAX_IMAGE_BYTES, type AssistantTurnView, type ConversationView, type ErrorAction, type HostMessage, type TurnView, type WebviewMessage } from '../protocol/messages';
import { formatDollars } from '../common/format';
import { renderMarkdown } from './markdown';

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void };

const vscode = acquireVsCodeApi();
const send = (message: WebviewMessage) => vscode.postMessage(message);

const transcript = document.getElementById('transcript')!;
const composer = document.getElementById('composer') as HTMLFormElement;
const question = document.getElementById('question') as HTMLTextAreaElement;
const sendButton = document.getElementById('send') as HTMLButtonElement;
const stopButton = document.getElementById('stop') as HTMLButtonElement;
const attachButton = document.getElementById('attach') as HTMLButtonElement;
const attachInput = document.getElementById('attach-input') as HTMLInputElement;
const attachmentList = document.getElementById('attachments')!;
/** Images waiting to go with the next question, as data URLs. */
let pendingImages: string[] = [];

const ACTION_LABELS: Record<ErrorAction, string> = {
  setApiKey: 'Set API Key',
  openSettings: 'Open Settings',
  retry: 'Retry',
};

interface AssistantElements {
  turn: AssistantTurnView;
  root: HTMLElement;
  reasoning: HTMLDetailsElement;
  reasoningBody: HTMLElement;
  body: HTMLElement;
  meta: HTMLElement;
  error: HTMLElement;
}

const assistants = new Map<string, AssistantElements>();
const dirty = new Set<string>();
let frameRequested = false;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function isNearBottom(): boolean {
  return transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
}

function conversationCost(): number {
  let total = 0;
  for (const elements of assistants.values()) total += elements.turn.cost ?? 0;
  return total;
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}

function renderMeta(elements: AssistantElements): void {
  const { turn, meta } = elements;
  const parts: string[] = [];
  if (turn.context) {
    const omitted = turn.context.omitted > 0 ? `, ${formatNumber(turn.context.omitted)} left out` : '';
    const estimate = turn.context.estimatedCost !== undefined && turn.status === 'streaming' ? ` (≈${formatDollars(turn.context.estimatedCost)} of input)` : '';
    parts.push(`context: ${formatNumber(turn.context.files)} files, ${formatNumber(turn.context.tokens)} of ${formatNumber(turn.context.budget)} tokens${omitted}${estimate}`);
  }
  if (turn.usage) {
    const cached = turn.usage.cachedPromptTokens > 0 ? ` (${formatNumber(turn.usage.cachedPromptTokens)} cached)` : '';
    parts.push(`${formatNumber(turn.usage.promptTokens)} in${cached} · ${formatNumber(turn.usage.completionTokens)} out`);
  }
  if (turn.cost !== undefined) parts.push(`${formatDollars(turn.cost)} (conversation ${formatDollars(conversationCost())})`);
  if (turn.cacheSaving) parts.push(`cache saved ${formatDollars(turn.cacheSaving)}`);
  if (turn.notice) parts.unshift(turn.notice);
  if (turn.status === 'streaming') parts.unshift(turn.text === '' ? 'thinking…' : 'streaming…');
  if (turn.status === 'stopped') parts.unshift('stopped');
  meta.textContent = parts.join(' · ');
}

function renderError(elements: AssistantElements): void {
  const { turn, error } = elements;
  error.replaceChildren();
  error.hidden = !turn.error;
  if (!turn.error) return;
  error.append(element('p', 'error-message', turn.error.message));
  const actions = element('div', 'error-actions');
  for (const action of turn.error.actions) {
    const button = element('button', 'secondary', ACTION_LABELS[action]);
    button.type = 'button';
    button.dataset.action = action;
    button.addEventListener('click', () => send({ type: 'runAction', action }));
    actions.append(button);
  }
  error.append(actions);
}

function renderBody(elements: AssistantElements): void {
  const { turn, body, reasoning, reasoningBody, root } = elements;
  body.innerHTML = renderMarkdown(turn.text);
  reasoning.hidden = turn.reasoning === '';
  reasoningBody.textContent = turn.reasoning;
  root.dataset.status = turn.status;
}

function flush(): void {
  frameRequested = false;
  const stick = isNearBottom();
  for (const id of dirty) {
    const elements = assistants.get(id);
    if (elements) {
      renderBody(elements);
      renderMeta(elements);
    }
  }
  dirty.clear();
  if (stick) transcript.scrollTop = transcript.scrollHeight;
}

function scheduleRender(turnId: string): void {
  dirty.add(turnId);
  if (!frameRequested) {
    frameRequested = true;
    requestAnimationFrame(flush);
  }
}

function addTurn(turn: TurnView): void {
  if (turn.role === 'user') {
    const root = element('section', 'turn user');
    root.dataset.turnId = turn.id;
    root.append(element('div', 'speaker', 'You'), element('div', 'body', turn.text));
    if (turn.images) root.append(element('div', 'meta', `${turn.images} image${turn.images === 1 ? '' : 's'} attached`));
    transcript.append(root);
    transcript.scrollTop = transcript.scrollHeight;
    return;
  }
  const root = element('section', 'turn assistant');
  root.dataset.turnId = turn.id;
  const reasoning = element('details', 'reasoning');
  reasoning.append(element('summary', '', 'Reasoning'));
  const reasoningBody = element('div', 'reasoning-body');
  reasoning.append(reasoningBody);
  const elements: AssistantElements = {
    turn: { ...turn },
    root,
    reasoning,
    reasoningBody,
    body: element('div', 'body markdown'),
    meta: element('div', 'meta'),
    error: element('div', 'error'),
  };
  root.append(element('div', 'speaker', 'Grok'), reasoning, elements.body, elements.error, elements.meta);
  assistants.set(turn.id, elements);
  transcript.append(root);
  renderBody(elements);
  renderMeta(elements);
  renderError(elements);
}

function renderWelcome(): void {
  const welcome = element('section', 'welcome');
  welcome.append(
    element('h2', '', 'Ask about this workspace'),
    element('p', '', 'Your files are sent as context with each question (up to your token budget). Answers cite files as path:line.'),
  );
  transcript.append(welcome);
}

function setBusy(busy: boolean): void {
  sendButton.hidden = busy;
  stopButton.hidden = !busy;
}

function applySnapshot(conversation: ConversationView): void {
  assistants.clear();
  dirty.clear();
  transcript.replaceChildren();
  if (conversation.turns.length === 0) renderWelcome();
  conversation.turns.forEach(addTurn);
  setBusy(conversation.busy);
  transcript.scrollTop = transcript.scrollHeight;
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'snapshot':
      applySnapshot(message.conversation);
      break;
    case 'turnAdded':
      transcript.querySelector('.welcome')?.remove();
      addTurn(message.turn);
      break;
    case 'delta': {
      const elements = assistants.get(message.turnId);
      if (!elements) break;
      if (message.channel === 'text') elements.turn.text += message.text;
      else elements.turn.reasoning += message.text;
      scheduleRender(message.turnId);
      break;
    }
    case 'turnUpdated': {
      const elements = assistants.get(message.turnId);
      if (!elements) break;
      Object.assign(elements.turn, message.patch);
      if ('error' in message.patch) renderError(elements);
      scheduleRender(message.turnId);
      break;
    }
    case 'busy':
      setBusy(message.busy);
      break;
    case 'focusInput':
      question.focus();
      break;
  }
});

function renderAttachments(): void {
  attachmentList.replaceChildren();
  pendingImages.forEach((dataUrl, index) => {
    const item = element('div', 'attachment');
    const image = element('img', 'thumbnail');
    image.src = dataUrl;
    image.alt = `Attached image ${index + 1}`;
    const remove = element('button', 'secondary remove', '×');
    remove.type = 'button';
    remove.title = 'Remove this image';
    remove.setAttribute('aria-label', `Remove image ${index + 1}`);
    remove.addEventListener('click', () => {
      pendingImages = pendingImages.filter((_, at) => at !== index);
      renderAttachments();
    });
    item.append(image, remove);
    attachmentList.append(item);
  });
}

function addImage(file: File): void {
  if (!/^image\/(png|jpeg)$/.test(file.type) || file.size > MAX_IMAGE_BYTES || pendingImages.length >= MAX_IMAGES) return;
  const reader = new FileReader();
  reader.addEventListener('load', () => {
    if (typeof reader.result === 'string' && pendingImages.length < MAX_IMAGES) {
      pendingImages = [...pendingImages, reader.result];
      renderAttachments();
    }
  });
  reader.readAsDataURL(file);
}

function submit(): void {
  const text = question.value.trim();
  if (!text) return;
  send(pendingImages.length ? { type: 'ask', text, images: pendingImages.map((dataUrl) => ({ dataUrl })) } : { type: 'ask', text });
  question.value = '';
  pendingImages = [];
  renderAttachments();
}

question.addEventListener('paste', (event) => {
  const files = [...(event.clipboardData?.files ?? [])].filter((file) => file.type.startsWith('image/'));
  if (files.length === 0) return;
  event.preventDefault();
  files.forEach(addImage);
});
attachButton.addEventListener('click', () => attachInput.click());
attachInput.addEventListener('change', () => {
  [...(attachInput.files ?? [])].forEach(addImage);
  attachInput.value = '';
});

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  submit();
});
question.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submit();
  }
});
stopButton.addEventListener('click', () => send({ type: 'stop' }));

send({ type: 'ready' });
question.focus();
