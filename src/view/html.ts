/** The chat webview's HTML. Pure, so the CSP is unit-tested without VS Code. */
import { randomBytes } from 'node:crypto';

export interface ChatHtmlInputs {
  /** `webview.cspSource`: the only origin styles, fonts and images may come from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
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

export function renderChatHtml(inputs: ChatHtmlInputs): string {
  const nonce = inputs.nonce ?? createNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(inputs.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(inputs.styleUri)}">
<title>Grok Context</title>
</head>
<body>
<main id="app">
  <div id="transcript" role="log" aria-live="polite" aria-label="Conversation"></div>
  <form id="composer">
    <textarea id="question" rows="3" placeholder="Ask about this workspace (Enter to send, Shift+Enter for a new line, paste images)" aria-label="Question"></textarea>
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
