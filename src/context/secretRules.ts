/**
 * Runs secretlint's recommended rules on one text without `@secretlint/core`'s `lintSource`.
 *
 * Why not `lintSource`: in @secretlint/core 11.x every call marks ~45 `performance.mark`s into a process-wide profiler
 * that is always on. It keeps every mark, and its PerformanceObserver searches all kept marks for each new one, so each
 * scan costs more than the last (0.6 s per 300 scans at first, 13 s after 2,400 files) and the observer's backlog runs
 * after the work is done (a worker call waits behind it; `grok-context pack` stays alive after printing). Upstream made
 * the profiler switchable in 13.x (`secretLintProfiler.setEnabled(false)`), but 12.x and later require Node 22, and
 * VS Code 1.100's extension host runs Node 20. Clearing the marks by hand breaks the profiler's own measures.
 *
 * So this module drives the rules through their public rule API (`create(context)` → `file(source)`, `report`,
 * `ignore`), exactly as core does for a text source: rules run in the preset's order, a `secretlint-disable` comment's
 * ignore ranges drop the reports inside them, duplicates collapse. Nothing is retained between calls.
 * test/unit/secrets.test.ts checks the results match `lintSource` on the same samples.
 */
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';

type RuleCreator = (typeof recommendedRules)[number];
type RuleContext = Parameters<RuleCreator['create']>[0];
type SourceCode = Parameters<NonNullable<ReturnType<RuleCreator['create']>['file']>>[0];
type Range = readonly [number, number];
type Messages = Record<string, ((data?: unknown) => string) | Record<string, string | ((data?: unknown) => string)>>;

/** Index of each line's first character; line terminators as secretlint's StructuredSource counts them. */
function lineStarts(text: string): number[] {
  const starts = [0];
  const terminator = /\r\n|[\r\n\u2028\u2029]/g;
  for (let match = terminator.exec(text); match; match = terminator.exec(text)) {
    const next = match.index + match[0].length;
    if (next > text.length) break;
    starts.push(next);
  }
  return starts;
}

function sourceCode(content: string, filePath: string, ext: string): SourceCode {
  const hasBOM = content.charCodeAt(0) === 0xfeff;
  const text = hasBOM ? content.slice(1) : content;
  let starts: number[] | undefined; // only the disable comments need line positions
  const positionToIndex = (position: { line: number; column: number }) => (starts ??= lineStarts(text))[position.line - 1] + position.column;
  const indexToPosition = (offset: number) => {
    starts ??= lineStarts(text);
    // the first line starting after `offset`, by bisection: its number (1-based) is the line holding `offset`
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (starts[middle] <= offset) low = middle + 1;
      else high = middle;
    }
    return { line: low, column: offset - starts[low - 1] };
  };
  return {
    hasBOM,
    content: text,
    filePath,
    ext,
    contentType: 'text',
    getFilePath: () => filePath,
    getPhysicalFilePath: () => filePath,
    positionToIndex,
    indexToPosition,
    locationToRange: (location: { start: { line: number; column: number }; end: { line: number; column: number } }) => [positionToIndex(location.start), positionToIndex(location.end)],
    rangeToLocation: (range: Range) => ({ start: indexToPosition(range[0]), end: indexToPosition(range[1]) }),
  } as unknown as SourceCode;
}

/** secretlint's message translator, English only: the message text is not shown anywhere, the rule id is. */
function translator(messages: Messages) {
  return (messageId: string, data?: unknown) => {
    const handler = messages[messageId];
    if (!handler) throw new Error(`secretlint rule message ${messageId} is missing`);
    const english = typeof handler === 'function' ? handler : handler.en;
    const message = typeof english === 'function' ? english(typeof data === 'object' && data !== null ? data : undefined) : String(english);
    return { message, messageId, data };
  };
}

const within = (inner: Range, outer: Range) => outer[0] <= inner[0] && inner[0] <= outer[1] && outer[0] <= inner[1] && inner[1] <= outer[1];

/** The ids of the recommended rules that report something in `content` (a file at `filePath`), in preset order. */
export async function runRecommendedRules(filePath: string, content: string): Promise<string[]> {
  const dot = filePath.lastIndexOf('.');
  const source = sourceCode(content, filePath, dot >= 0 ? filePath.slice(dot) : '');
  const reports: Array<{ ruleId: string; range: Range }> = [];
  const ignores: Array<{ targetRuleId: string; range: Range }> = [];
  for (const rule of recommendedRules) {
    const types: readonly string[] = rule.meta.supportedContentTypes;
    if (!types.includes('text') && !types.includes('all')) continue;
    const ruleId = rule.meta.id;
    const context = {
      sharedOptions: {},
      createTranslator: (messages: Messages) => translator(messages),
      report: (descriptor: { range: Range }) => reports.push({ ruleId, range: descriptor.range }),
      ignore: (descriptor: { range: Range; targetRuleId: string }) => ignores.push({ targetRuleId: descriptor.targetRuleId, range: descriptor.range }),
    } as unknown as RuleContext;
    await rule.create(context, {} as never).file?.(source);
  }
  // In order of position, as secretlint sorts its messages, so a list of rules reads the same as its report would.
  const kept = reports.sort((a, b) => a.range[0] - b.range[0]).filter((report) => !ignores.some((ignore) => within(report.range, ignore.range) && (!ignore.targetRuleId || ignore.targetRuleId === '*' || ignore.targetRuleId === report.ruleId)));
  return [...new Set(kept.map((report) => report.ruleId))];
}
