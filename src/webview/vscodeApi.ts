/** The one handle to the host. `acquireVsCodeApi` may be called only once per page, so everything posts through here. */
import type { WebviewMessage } from '../protocol/messages';

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void };

const vscode = acquireVsCodeApi();

export type Send = (message: WebviewMessage) => void;

export const send: Send = (message) => vscode.postMessage(message);
