/**
 * Deterministic model-like answers for the webview benchmark: headings, prose with file citations and inline code,
 * lists, tables, and fenced code in the languages the webview colours (plus the false positives citations must
 * skip: URLs with ports, times, versions).
 */

/** A small seeded generator (Park–Miller), so every run streams the same text. */
export function seededRandom(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

const WORDS = 'the context engine plans which files fit the budget and counts tokens exactly for what is sent while the watcher coalesces changes so a re-plan happens once per burst and the session streams the answer into the view where completed blocks render once'.split(' ');
const IDENTIFIERS = ['planContext', 'countTokens', 'readSnapshot', 'renderPrompt', 'applyEdit', 'matchBlock', 'streamAnswer', 'parseDelta', 'budget', 'watcher', 'session', 'ledger'];
const FOLDERS = ['src/context', 'src/chat', 'src/providers', 'src/edits', 'src/webview/render', 'lib', 'pkg/server', 'crates/core/src', 'app/models'];
const FILES = ['engine.ts', 'session.ts', 'openaiCompatible.ts', 'match.ts', 'incremental.ts', 'util.py', 'handler.go', 'lib.rs', 'User.java', 'schema.sql'];

type Language = 'ts' | 'js' | 'python' | 'go' | 'rust' | 'java' | 'json' | 'bash' | 'sql' | 'yaml' | 'css' | 'diff' | 'cpp' | 'csharp' | 'markdown';
const LANGUAGES: Language[] = ['ts', 'js', 'python', 'go', 'rust', 'java', 'json', 'bash', 'sql', 'yaml', 'css', 'diff', 'cpp', 'csharp', 'markdown'];
const EXTENSIONS: Record<Language, string> = { ts: 'ts', js: 'js', python: 'py', go: 'go', rust: 'rs', java: 'java', json: 'json', bash: 'sh', sql: 'sql', yaml: 'yml', css: 'css', diff: 'patch', cpp: 'cpp', csharp: 'cs', markdown: 'md' };

export function createCorpus(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const path = () => `${pick(FOLDERS)}/${pick(FILES)}`;

  function citation(): string {
    const line = between(1, 900);
    switch (between(0, 4)) {
      case 0: return `${path()}:${line}`;
      case 1: return `${path()}:${line}-${line + between(2, 40)}`;
      case 2: return `\`${path()}#L${line}\``;
      case 3: return `${path()}#L${line}-L${line + between(2, 30)}`;
      default: return `\`${path()}:${line}\``;
    }
  }

  function sentence(): string {
    const words = Array.from({ length: between(8, 20) }, () => pick(WORDS));
    const extras = [
      () => `\`${pick(IDENTIFIERS)}()\``,
      () => citation(),
      () => `**${pick(WORDS)}**`,
      () => `(see ${citation()})`,
      () => pick(['at 10:30', 'on http://localhost:8080/health', 'since v1.2.3', 'in [the docs](https://example.com/docs)', 'for node:20']),
    ];
    for (let i = between(0, 2); i > 0; i--) words.splice(between(0, words.length), 0, pick(extras)());
    const text = words.join(' ');
    return `${text[0].toUpperCase()}${text.slice(1)}.`;
  }

  const paragraph = () => Array.from({ length: between(2, 5) }, sentence).join(' ');
  const list = (ordered: boolean) => Array.from({ length: between(3, 7) }, (_, index) => `${ordered ? `${index + 1}.` : '-'} ${sentence()}`).join('\n');
  const table = () => {
    const rows = Array.from({ length: between(3, 6) }, () => `| \`${pick(IDENTIFIERS)}\` | ${between(1, 999)} ms | ${citation()} |`);
    return ['| step | time | where |', '| --- | ---: | --- |', ...rows].join('\n');
  };

  function codeLine(language: Language, depth: number): string {
    const name = pick(IDENTIFIERS);
    const value = between(0, 4096);
    const indent = '  '.repeat(depth);
    switch (language) {
      case 'ts': return `${indent}const ${name}${value}: number = await ${pick(IDENTIFIERS)}(${value}, "${pick(WORDS)}"); // ${pick(WORDS)}`;
      case 'js': return `${indent}let ${name} = ${pick(IDENTIFIERS)}({ limit: ${value}, label: '${pick(WORDS)}' });`;
      case 'python': return `${indent}${name}_${value} = ${pick(IDENTIFIERS)}(${value}, key="${pick(WORDS)}")  # ${pick(WORDS)}`;
      case 'go': return `${indent}${name}, err := ${pick(IDENTIFIERS)}(ctx, ${value}) // ${pick(WORDS)}`;
      case 'rust': return `${indent}let ${name.toLowerCase()}: u64 = ${pick(IDENTIFIERS).toLowerCase()}(&state, ${value})?;`;
      case 'java': return `${indent}final int ${name} = this.${pick(IDENTIFIERS)}(${value}, "${pick(WORDS)}");`;
      case 'json': return `${indent}"${name}": { "value": ${value}, "enabled": ${random() < 0.5}, "label": "${pick(WORDS)}" },`;
      case 'bash': return `${indent}${pick(['grep -rn', 'git log --oneline', 'npm run', 'ls -la'])} "${pick(WORDS)}" | head -n ${value % 50} # ${pick(WORDS)}`;
      case 'sql': return `${indent}SELECT ${name}, COUNT(*) FROM ${pick(WORDS)}_events WHERE id > ${value} GROUP BY ${name};`;
      case 'yaml': return `${indent}${name}: ${random() < 0.5 ? value : `"${pick(WORDS)}"`}`;
      case 'css': return `${indent}.${pick(WORDS)}-${value} { color: var(--vscode-foreground); margin: ${value % 16}px; }`;
      case 'diff': return `${pick(['+', '-', ' '])}${indent}const ${name} = ${value};`;
      case 'cpp': return `${indent}auto ${name} = std::make_unique<${pick(['Engine', 'Plan', 'Budget'])}>(${value}); // ${pick(WORDS)}`;
      case 'csharp': return `${indent}var ${name} = await ${pick(IDENTIFIERS)}Async(${value}, "${pick(WORDS)}");`;
      case 'markdown': return `${indent}- ${pick(WORDS)} **${pick(WORDS)}** \`${name}\``;
    }
  }

  function codeBlock(): string {
    const language = pick(LANGUAGES);
    const lines = Array.from({ length: between(8, 40) }, (_, index) => codeLine(language, index % 3));
    const file = `${pick(FOLDERS)}/${pick(IDENTIFIERS)}.${EXTENSIONS[language]}`;
    const info = pick([language, `${language} ${file}`, `${language}:${file}`, file]);
    return ['```' + info, ...lines, '```'].join('\n');
  }

  /** About `targetChars` of answer, section after section. */
  function answer(targetChars: number): string {
    const parts: string[] = [];
    let length = 0;
    let section = 1;
    while (length < targetChars) {
      const block = (() => {
        const roll = random();
        if (roll < 0.08) return `## ${section++}. ${pick(IDENTIFIERS)} and the ${pick(WORDS)}`;
        if (roll < 0.45) return paragraph();
        if (roll < 0.6) return list(random() < 0.4);
        if (roll < 0.65) return table();
        return codeBlock();
      })();
      parts.push(block);
      length += block.length + 2;
    }
    return parts.join('\n\n') + '\n';
  }

  const reasoning = (targetChars: number) => {
    let text = '';
    while (text.length < targetChars) text += `${sentence()} `;
    return text;
  };

  return { answer, reasoning };
}
