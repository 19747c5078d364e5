/**
 * A jsdom page for the webview's DOM modules under mocha: installs the browser globals they use for the describe
 * block, and gives each test an empty container in the body.
 */
import { JSDOM } from 'jsdom';

const GLOBALS = ['window', 'document', 'Node', 'HTMLElement', 'DocumentFragment'] as const;

/** Call inside `describe`; the returned function gives the current test's container. */
export function useJsdomContainer(): () => HTMLElement {
  let dom: JSDOM;
  let container: HTMLElement;
  before(() => {
    dom = new JSDOM('<!DOCTYPE html><body></body>');
    for (const name of GLOBALS) (globalThis as Record<string, unknown>)[name] = (dom.window as unknown as Record<string, unknown>)[name];
  });
  after(() => {
    for (const name of GLOBALS) delete (globalThis as Record<string, unknown>)[name];
    dom.window.close();
  });
  beforeEach(() => {
    container = document.createElement('div');
    document.body.replaceChildren(container);
  });
  return () => container;
}
