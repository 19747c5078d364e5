/** Identifiers that `package.json` contributes; a unit test checks both sides agree. */
export const EXTENSION_ID = 'grok-context.grok-context';

export const COMMANDS = {
  newChat: 'grokContext.newChat',
  setApiKey: 'grokContext.setApiKey',
  openSettings: 'grokContext.openSettings',
  showContext: 'grokContext.showContext',
  refreshContext: 'grokContext.refreshContext',
  sortContextByTokens: 'grokContext.sortContextByTokens',
  sortContextByName: 'grokContext.sortContextByName',
  pinFile: 'grokContext.pinFile',
  unpinFile: 'grokContext.unpinFile',
  includeFile: 'grokContext.includeFile',
  excludeFile: 'grokContext.excludeFile',
  openContextFile: 'grokContext.openContextFile',
  selectProvider: 'grokContext.selectProvider',
  testConnection: 'grokContext.testConnection',
  getStarted: 'grokContext.getStarted',
  reviewEdit: 'grokContext.reviewEdit',
  acceptEdit: 'grokContext.acceptEdit',
  rejectEdit: 'grokContext.rejectEdit',
  undoEdit: 'grokContext.undoEdit',
  acceptAllEdits: 'grokContext.acceptAllEdits',
  rejectAllEdits: 'grokContext.rejectAllEdits',
  acceptHunk: 'grokContext.acceptHunk',
  rejectHunk: 'grokContext.rejectHunk',
  explainSelection: 'grokContext.explainSelection',
  explainFile: 'grokContext.explainFile',
  refactorSelection: 'grokContext.refactorSelection',
  refactorFile: 'grokContext.refactorFile',
  askAboutFile: 'grokContext.askAboutFile',
} as const;

export const VIEW_CONTAINER_ID = 'grokContext';
export const CHAT_VIEW_ID = 'grokContext.chat';
export const CONTEXT_VIEW_ID = 'grokContext.context';
