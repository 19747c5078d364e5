/**
 * Every message between the extension host and the chat webview. Both bundles import this file;
 * the host validates what it receives with `parseWebviewMessage`, because a webview is a browser page.
 */
import type { ErrorAction } from '../common/errors';
import type { PlanCounts } from '../common/planCounts';

export type { ErrorAction };

export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'error';

export interface UsageView {
  promptTokens: number;
  completionTokens: number;
  cachedPromptTokens: number;
  reasoningTokens: number;
}

export interface ContextSummaryView {
  /** Files sent whole, as outline, as path only and left out: the Context view's and the status bar's numbers. */
  counts?: PlanCounts;
  /** Saved by versions before `counts`: files sent whole or as outline. */
  files?: number;
  tokens: number;
  budget: number;
  /** Saved by versions before `counts`: files sent as path only or left out for the budget. */
  omitted?: number;
  /** Dollars the context is expected to cost in this request, before it is sent (cached on follow-ups). */
  estimatedCost?: number;
  /** The estimate used the long-context rate (the request's input is above the model's tier threshold). */
  longContext?: boolean;
  /** Tokens of the conversation's history sent with this request (after compaction). */
  history?: number;
  /** Tokens held back for the answer. */
  reserve?: number;
  /** The window the request must fit: min(the model's context window, grokContext.maxContextTokens). */
  window?: number;
}

export interface UserTurnView {
  role: 'user';
  id: string;
  text: string;
  /** How many images were attached. */
  images?: number;
  /**
   * Set when earlier turns were compacted (tool results stubbed or exchanges summarised) just before this question
   * was sent: the transcript shows it as a line above the question. The original turns stay readable in the chat.
   */
  compaction?: string;
}

/** A question sent while an answer was running: it waits its turn (and can be removed until it starts). */
export interface QueuedQuestionView {
  id: string;
  text: string;
  images?: number;
}

/** A picture pasted or attached in the chat, as a data URL (png or jpeg). */
export interface ImageAttachment {
  dataUrl: string;
}

export const MAX_IMAGES = 4;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_DATA_URL = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*$/;

export interface AssistantTurnView {
  role: 'assistant';
  id: string;
  text: string;
  reasoning: string;
  status: TurnStatus;
  error?: { message: string; actions: ErrorAction[] };
  usage?: UsageView;
  /** Dollars for this answer, when the model's price is known (or the provider said what it billed). */
  cost?: number;
  /** `cost` is what the provider billed (xAI's cost_in_usd_ticks, Runware's cost), not our estimate. */
  costBilled?: boolean;
  /** Dollars the provider's prompt cache saved on this answer (cached tokens at the input price minus the cached price). */
  cacheSaving?: number;
  /** Something the user should know about how this answer was produced (e.g. the context was shrunk to fit). */
  notice?: string;
  /** What the answer waits for before its request can be sent (the context engine's progress); '' or absent: nothing. */
  waiting?: string;
  context?: ContextSummaryView;
  /** What the model did with its tools during this answer, in order (read a file, searched, proposed an edit). */
  tools?: ToolActivityView[];
}

/** One tool call of the model, as a compact card. */
export interface ToolActivityView {
  id: string;
  tool: 'read_file' | 'list_files' | 'search' | 'replace_in_file' | 'write_file' | 'create_file' | 'delete_file' | 'rename_file';
  /** One line for the card, e.g. "read src/a.ts:10-40", "searched /foo/ (12 hits)". */
  summary: string;
  status: 'running' | 'done' | 'failed';
  /** Why it failed, as the model was told. */
  detail?: string;
  /** For edit tools: the pending edit it created or updated. */
  editId?: string;
  /** For edit tools: the file it edits (a failed edit's card names it). */
  path?: string;
  /** How much of the answer's text had streamed when the call was made: the card is shown there, after that text. */
  at?: number;
}

/** `undone`: accepted, then the file's text went back to what it was before (Undo on the card, Ctrl+Z, any way). */
export type EditStatus = 'pending' | 'accepted' | 'rejected' | 'conflicted' | 'undone';

/** A proposed change to one file, waiting for the user (or already decided). */
export interface PendingEditView {
  id: string;
  path: string;
  change: 'modify' | 'create' | 'delete' | 'rename';
  /** For `rename`: where the file goes. */
  newPath?: string;
  added: number;
  removed: number;
  /** How each replacement was found: exact, line-endings, whitespace, fuzzy (with the lowest fuzzy score). */
  matchKinds: Array<'exact' | 'line-endings' | 'whitespace' | 'fuzzy'>;
  minScore?: number;
  hunks: number;
  status: EditStatus;
  /** For `conflicted`: what changed and what to do. */
  reason?: string;
  /** The file configures or runs code (workspace settings, tasks, CI, git hooks, manifests): never auto-applied, Accept asks to confirm. Says why. */
  sensitive?: string;
  /** Accepted, and the change is still the last one made to the file: the card offers Undo. */
  undoable?: boolean;
}

export type TurnView = UserTurnView | AssistantTurnView;

export interface ConversationView {
  id: string;
  turns: TurnView[];
  busy: boolean;
  /** Questions waiting for the running answer to finish, in order. */
  queued?: QueuedQuestionView[];
}

/** One entry of the conversation list. */
export interface ConversationSummary {
  id: string;
  title: string;
  /** Milliseconds since the epoch. */
  updatedAt: number;
  questions: number;
}

/** What the chat's header shows: the provider and model in use, the reasoning effort, and the live context. */
export interface HeaderView {
  provider: string;
  model: string;
  /** '' means the provider's default. */
  effort: '' | 'none' | 'low' | 'medium' | 'high';
  /** The workspace context as planned right now (before a question). */
  context?: { tokens: number; budget: number };
  /** What a new conversation's first question would cost with that context (in the provider's tokens), at the rate it
   *  will be billed at; `calibration` says how bills scaled the estimate ("estimates × 1.03 from 12 billed requests"). */
  firstQuestion?: {
    tokens: number;
    dollars: number;
    longContext: boolean;
    calibration?: string;
    /** Dollars per million input tokens that request is billed at (the long-context rate when it is over the threshold). */
    inputRate?: number;
    /** A follow-up: the same context again, served from the provider's cache, at `cachedRate` per million. */
    followUpDollars?: number;
    cachedRate?: number;
  };
  /** For the empty chat: how many files would go, and three questions about this repository from its own names. */
  workspace?: { files: number; examples: string[] };
  /** The conversation's share of the window: its history now, the answer reserve, the window (snapshot + history + reserve ≤ window). */
  conversation?: { snapshot: number; history: number; historyShare: number; reserve: number; window: number; lastCompacted?: number };
}

export const REASONING_EFFORT_CHOICES = ['', 'none', 'low', 'medium', 'high'] as const;

/** Host → webview. */
export type HostMessage =
  /** The whole conversation; sent after `ready` and whenever the view is shown again. */
  | { type: 'snapshot'; conversation: ConversationView }
  | { type: 'turnAdded'; turn: TurnView }
  /** Streamed text appended to an assistant turn; `channel` says whether it is the answer or reasoning. */
  | { type: 'delta'; turnId: string; channel: 'text' | 'reasoning'; text: string }
  /** Status, usage, error or context summary of an assistant turn changed (text is not re-sent). */
  | { type: 'turnUpdated'; turnId: string; patch: Partial<Omit<AssistantTurnView, 'role' | 'id' | 'text' | 'reasoning'>> }
  | { type: 'busy'; busy: boolean }
  /** The questions waiting to run, sent whole whenever the queue changes. */
  | { type: 'queue'; queued: QueuedQuestionView[] }
  /** Every edit proposed in this conversation, in the order proposed (sent whole whenever one changes). */
  | { type: 'edits'; edits: PendingEditView[] }
  /** The saved conversations of this workspace, newest first, and which one is shown. */
  | { type: 'conversations'; conversations: ConversationSummary[]; activeId: string }
  | { type: 'header'; header: HeaderView }
  /** Workspace files matching an `@` mention being typed. */
  | { type: 'mentionResults'; query: string; paths: string[] }
  /** Put text in the input box (e.g. after a command), focusing it. */
  | { type: 'focusInput' };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'ask'; text: string; images?: ImageAttachment[] }
  /** The first question as it is being typed (debounced): the host plans for it before Enter. */
  | { type: 'draft'; text: string }
  | { type: 'stop' }
  | { type: 'newChat' }
  /** Remove a queued question before it starts. */
  | { type: 'unqueue'; id: string }
  | { type: 'runAction'; action: ErrorAction }
  | { type: 'editAction'; editId: string; action: 'review' | 'accept' | 'reject' | 'undo' }
  | { type: 'allEdits'; action: 'accept' | 'reject' }
  /** Code block buttons: copy to the clipboard, insert at the editor's cursor, or propose it as an edit of `path`. */
  | { type: 'copyText'; text: string }
  | { type: 'insertCode'; code: string }
  | { type: 'applyCode'; code: string; path?: string }
  /** A `path:line` or `path#Lstart-Lend` citation was clicked. */
  | { type: 'openCitation'; path: string; line?: number; endLine?: number }
  | { type: 'switchConversation'; id: string }
  | { type: 'renameConversation'; id: string; title: string }
  | { type: 'deleteConversation'; id: string }
  | { type: 'exportConversation'; id: string }
  /** Edit the last question: it and its answer are replaced by the new text's. */
  | { type: 'editLast'; text: string }
  | { type: 'setEffort'; effort: HeaderView['effort'] }
  /** Open the provider / model quick pick. */
  | { type: 'pickProvider' }
  | { type: 'pickModel' }
  | { type: 'mentionFiles'; query: string };

const ERROR_ACTIONS: readonly ErrorAction[] = ['setApiKey', 'openSettings', 'retry'];
const MAX_QUESTION_CHARS = 200_000;

const MAX_CODE_CHARS = 2_000_000;

function isCode(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_CODE_CHARS;
}

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value.length <= 4096;
}

/** undefined when absent, null when present but not a positive line number. */
function optionalLine(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  return Number.isInteger(value) && (value as number) >= 1 ? (value as number) : null;
}

/** Returns the message if it is a well-formed `WebviewMessage`, otherwise undefined. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
    case 'stop':
    case 'newChat':
      return { type: message.type };
    case 'ask': {
      if (typeof message.text !== 'string' || message.text.trim() === '' || message.text.length > MAX_QUESTION_CHARS) return undefined;
      if (message.images === undefined) return { type: 'ask', text: message.text };
      const images = message.images;
      const valid =
        Array.isArray(images) &&
        images.length <= MAX_IMAGES &&
        images.every((image) => typeof image?.dataUrl === 'string' && image.dataUrl.length <= (MAX_IMAGE_BYTES * 4) / 3 + 64 && IMAGE_DATA_URL.test(image.dataUrl));
      return valid ? { type: 'ask', text: message.text, images: images.map((image: ImageAttachment) => ({ dataUrl: image.dataUrl })) } : undefined;
    }
    case 'draft':
      return typeof message.text === 'string' && message.text.length <= MAX_QUESTION_CHARS ? { type: 'draft', text: message.text } : undefined;
    case 'editAction':
      return typeof message.editId === 'string' && message.editId.length <= 100 && ['review', 'accept', 'reject', 'undo'].includes(message.action as string)
        ? { type: 'editAction', editId: message.editId, action: message.action as 'review' | 'accept' | 'reject' | 'undo' }
        : undefined;
    case 'allEdits':
      return message.action === 'accept' || message.action === 'reject' ? { type: 'allEdits', action: message.action } : undefined;
    case 'copyText':
      return isCode(message.text) ? { type: 'copyText', text: message.text } : undefined;
    case 'insertCode':
      return isCode(message.code) ? { type: 'insertCode', code: message.code } : undefined;
    case 'applyCode':
      if (!isCode(message.code)) return undefined;
      if (message.path !== undefined && !isShortString(message.path)) return undefined;
      return message.path === undefined ? { type: 'applyCode', code: message.code } : { type: 'applyCode', code: message.code, path: message.path as string };
    case 'openCitation': {
      if (!isShortString(message.path)) return undefined;
      const line = optionalLine(message.line);
      const endLine = optionalLine(message.endLine);
      if (line === null || endLine === null) return undefined;
      return { type: 'openCitation', path: message.path as string, ...(line !== undefined ? { line } : {}), ...(endLine !== undefined ? { endLine } : {}) };
    }
    case 'unqueue':
      return isShortString(message.id) && message.id.length <= 100 ? { type: 'unqueue', id: message.id } : undefined;
    case 'switchConversation':
    case 'deleteConversation':
    case 'exportConversation':
      return isShortString(message.id) ? { type: message.type, id: message.id } : undefined;
    case 'renameConversation':
      return isShortString(message.id) && typeof message.title === 'string' && message.title.trim() !== '' && message.title.length <= 200
        ? { type: 'renameConversation', id: message.id, title: message.title.trim() }
        : undefined;
    case 'editLast':
      return typeof message.text === 'string' && message.text.trim() !== '' && message.text.length <= MAX_QUESTION_CHARS ? { type: 'editLast', text: message.text } : undefined;
    case 'setEffort':
      return (REASONING_EFFORT_CHOICES as readonly unknown[]).includes(message.effort) ? { type: 'setEffort', effort: message.effort as HeaderView['effort'] } : undefined;
    case 'pickProvider':
    case 'pickModel':
      return { type: message.type };
    case 'mentionFiles':
      return typeof message.query === 'string' && message.query.length <= 500 ? { type: 'mentionFiles', query: message.query } : undefined;
    case 'runAction':
      return ERROR_ACTIONS.includes(message.action as ErrorAction)
        ? { type: 'runAction', action: message.action as ErrorAction }
        : undefined;
    default:
      return undefined;
  }
}
