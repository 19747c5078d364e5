/**
 * Syntax colouring with highlight.js core and a fixed set of common languages (the full build is ~1 MB).
 * Its output is class names only (`hljs-keyword`…); chat.css maps them to `--vscode-*` theme variables.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import makefile from 'highlight.js/lib/languages/makefile';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = { bash, c, cpp, csharp, css, diff, dockerfile, go, ini, java, javascript, json, makefile, markdown, python, rust, shell, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
hljs.registerAliases(['console', 'terminal', 'zsh', 'sh'], { languageName: 'bash' });
hljs.registerAliases(['vue', 'svelte'], { languageName: 'xml' });

/** Past this, colouring one block would be a noticeable pause; such a block is shown plain. */
export const MAX_HIGHLIGHT_CHARS = 60_000;

/**
 * HTML for `code` coloured as `language` (escaped by highlight.js), or undefined when the language is unknown or the
 * code too long: callers then escape it themselves. No auto-detection: it runs every grammar and is slow.
 */
export function highlightCode(code: string, language: string | undefined): string | undefined {
  if (!language || code.length > MAX_HIGHLIGHT_CHARS || !hljs.getLanguage(language)) return undefined;
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

/**
 * highlight.js compiles a grammar the first time it is used: 5–20 ms each, which landed in the frames of the first
 * code blocks of an answer. Compiling them one per idle period after load keeps that out of streaming.
 */
export function warmUpHighlighting(): void {
  const pending = Object.keys(LANGUAGES);
  const next = (deadline: IdleDeadline) => {
    while (pending.length > 0 && deadline.timeRemaining() > 4) hljs.highlight('x', { language: pending.pop()!, ignoreIllegals: true });
    if (pending.length > 0) requestIdleCallback(next);
  };
  requestIdleCallback(next);
}
