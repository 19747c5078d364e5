/** The chat webview's HTML. Pure, so the CSP is unit-tested without VS Code. */
import { randomBytes } from 'node:crypto';
import { REASONING_EFFORT_CHOICES, type HeaderView } from '../protocol/messages';

export interface ChatHtmlInputs {
  /** `webview.cspSource`: the only origin styles, fonts and images may come from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /**
   * `dist/codicon.css` (which loads `codicon.ttf` beside it). Defaults to the file next to `styleUri`: both are
   * copied into dist/ by esbuild.js, so the provider need not know about it.
   */
  codiconsUri?: string;
  nonce?: string;
  /** The header as the host knows it now, so the first frame shows the provider and model (not a placeholder). */
  header?: HeaderView;
}

/** 128 bits from the OS's CSPRNG; a fresh nonce every time the HTML is rendered. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const escapeText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The codicons stylesheet beside the webview's own, e.g. `…/dist/webview.css` → `…/dist/codicon.css`. */
export function siblingUri(uri: string, fileName: string): string {
  const end = uri.search(/[?#]/);
  const path = end < 0 ? uri : uri.slice(0, end);
  return `${path.slice(0, path.lastIndexOf('/') + 1)}${fileName}${end < 0 ? '' : uri.slice(end)}`;
}

/** The reasoning-effort choices; the values are the setting's, '' is the provider's default. */
const EFFORT_OPTIONS = REASONING_EFFORT_CHOICES.map((value) => `<option value="${value}">${value === '' ? 'Default' : value[0].toUpperCase() + value.slice(1)}</option>`).join('');

export function renderChatHtml(inputs: ChatHtmlInputs): string {
  const nonce = inputs.nonce ?? createNonce();
  const codiconsUri = inputs.codiconsUri ?? siblingUri(inputs.styleUri, 'codicon.css');
  const provider = escapeText(inputs.header?.provider ?? 'Provider');
  const model = escapeText(inputs.header ? inputs.header.model || 'default model' : 'model');
  // read by the page's script before it asks the host for anything (an attribute is data: nothing to run, nothing to close)
  const initial = inputs.header ? ` data-initial-header="${escapeAttribute(JSON.stringify(inputs.header))}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(inputs.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(codiconsUri)}">
<link rel="stylesheet" href="${escapeAttribute(inputs.styleUri)}">
<title>Grok Context</title>
</head>
<body${initial}>
<main id="app">
  <header id="header">
    <div class="header-row">
      <button id="conversations-button" type="button" class="icon-button" title="Conversations" aria-label="Conversations" aria-expanded="false" aria-controls="conversation-list"><span class="codicon codicon-history" aria-hidden="true"></span></button>
      <div class="model-picker">
        <button id="provider-button" type="button" class="header-link" title="Change provider" aria-label="Change provider">${provider}</button>
        <span class="separator" aria-hidden="true">·</span>
        <button id="model-button" type="button" class="header-link" title="Change model" aria-label="Change model">${model}</button>
      </div>
      <span id="cost" hidden></span>
      <button id="new-chat" type="button" class="icon-button" title="New chat" aria-label="New chat"><span class="codicon codicon-add" aria-hidden="true"></span></button>
    </div>
    <div class="header-row header-details">
      <label class="effort-label" for="effort" title="Reasoning effort"><span class="codicon codicon-lightbulb" aria-hidden="true"></span><span class="visually-hidden">Reasoning effort</span></label>
      <select id="effort" title="Reasoning effort">
        ${EFFORT_OPTIONS}
      </select>
      <div id="context-meter" hidden>
        <span id="context-tokens"></span>
        <span class="meter-bar" role="meter" aria-label="Context used of the token budget" aria-valuemin="0"><span class="meter-fill"></span></span>
        <span id="cache-rate"></span>
      </div>
    </div>
  </header>
  <section id="conversation-list" aria-label="Conversations" hidden></section>
  <div id="transcript" role="log" aria-live="polite" aria-relevant="additions" aria-label="Conversation"></div>
  <div id="status" class="visually-hidden" role="status" aria-live="polite"></div>
  <section id="edits" aria-label="Proposed edits" hidden></section>
  <form id="composer">
    <div id="editing-banner" hidden>
      <span class="codicon codicon-edit" aria-hidden="true"></span>
      <span id="editing-text">Editing your last question</span>
      <span aria-hidden="true">·</span>
      <button id="editing-cancel" type="button" class="link-button" aria-label="Cancel editing (Escape)">Cancel</button>
    </div>
    <div class="question-box">
      <ul id="mention-list" role="listbox" aria-label="Workspace files" hidden></ul>
      <textarea id="question" rows="3" placeholder="Ask about this workspace (Enter to send, Shift+Enter for a new line, @ to mention a file)" aria-label="Question" aria-autocomplete="list" aria-controls="mention-list"></textarea>
    </div>
    <div id="attachments" aria-label="Attached images"></div>
    <div class="composer-actions">
      <input id="attach-input" type="file" accept="image/png,image/jpeg" multiple hidden>
      <button id="attach" type="button" class="secondary" title="Attach PNG or JPEG images">Attach image</button>
      <button id="send" type="submit">Send</button>
      <button id="stop" type="button" hidden>Stop</button>
    </div>
  </form>
</main>
<script nonce="${nonce}" src="${escapeAttribute(inputs.scriptUri)}"></script>
</body>
</html>`;
}
