/**
 * The chat webview's entry point: finds the page's elements, builds the views, and routes host messages to them.
 * Rendering lives in render/, the question box in composer.ts, the conversation in transcript.ts, the header in
 * header.ts, the saved conversations in conversations.ts and the questions waiting their turn in queue.ts; turnLog.ts
 * keeps what the header, the input history and the Retry/Edit buttons need to know about the turns.
 */
import type { HostMessage } from '../protocol/messages';
import { Announcer } from './announcer';
import { Composer } from './composer';
import { ConversationList } from './conversations';
import { Header } from './header';
import { QueueView } from './queue';
import { EditsPanel } from './render/edits';
import { warmUpHighlighting } from './render/highlight';
import { Transcript } from './transcript';
import { LastQuestionActions } from './turnActions';
import { TurnLog } from './turnLog';
import { send } from './vscodeApi';
import { Welcome, initialHeader } from './welcome';

const byId = (id: string) => document.getElementById(id)!;

const announcer = new Announcer(byId('status'));
const composer = new Composer(send);
const header = new Header(byId('header'), send);
const conversations = new ConversationList(byId('conversations-button') as HTMLButtonElement, byId('conversation-list'), send, { focusInput: () => composer.focus() });
const edits = new EditsPanel(byId('edits'), send);
const transcript = new Transcript(byId('transcript'), send, announcer, (editId) => edits.reveal(editId));
const turns = new TurnLog();
const queue = QueueView.after(byId('transcript'), send, { announce: (message) => announcer.announce(message), focusInput: () => composer.focus() });
const welcome = new Welcome(byId('transcript'), (question) => {
  const box = byId('question') as HTMLTextAreaElement;
  box.value = question;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  box.focus();
  box.setSelectionRange(question.length, question.length);
});
const lastQuestion = new LastQuestionActions(byId('transcript'), {
  retry: () => send({ type: 'runAction', action: 'retry' }),
  edit: (question) => composer.startEditing(question),
});

/** After any change to the turns: the header's usage and cost, the input history, Retry/Edit on the last question. */
function turnsChanged(): void {
  header.showAnswers(turns);
  const last = turns.lastQuestion();
  composer.sync({ questions: turns.questions(), lastQuestion: last });
  lastQuestion.render(turns.busy ? undefined : last);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'snapshot':
      transcript.snapshot(message.conversation);
      welcome.render();
      turns.snapshot(message.conversation);
      composer.setBusy(message.conversation.busy);
      queue.update(message.conversation.queued ?? []);
      turnsChanged();
      break;
    case 'turnAdded':
      transcript.add(message.turn);
      turns.add(message.turn);
      turnsChanged();
      break;
    case 'delta':
      transcript.delta(message.turnId, message.channel, message.text);
      break;
    case 'turnUpdated':
      transcript.update(message.turnId, message.patch);
      turns.update(message.turnId, message.patch);
      turnsChanged();
      break;
    case 'busy':
      composer.setBusy(message.busy);
      turns.setBusy(message.busy);
      turnsChanged();
      break;
    case 'queue':
      queue.update(message.queued);
      break;
    case 'edits':
      edits.update(message.edits);
      break;
    case 'conversations':
      conversations.update(message.conversations, message.activeId);
      break;
    case 'header':
      header.show(message.header);
      welcome.show(message.header);
      break;
    case 'mentionResults':
      composer.mentionResults(message.query, message.paths);
      break;
    case 'focusInput':
      composer.focus();
      break;
  }
});

// the host's header is in the page: shown before anything else, so the first frame names the provider and model
const initial = initialHeader(document.body);
if (initial) {
  header.show(initial);
  welcome.show(initial);
}

send({ type: 'ready' });
composer.focus();
warmUpHighlighting();
