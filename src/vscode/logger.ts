import * as vscode from 'vscode';
import type { Logger } from '../common/logger';

export function createOutputLogger(): Logger & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('Grok Context', { log: true });
  return {
    debug: (message) => channel.debug(message),
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message) => channel.error(message),
    dispose: () => channel.dispose(),
  };
}
