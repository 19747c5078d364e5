/**
 * When the repository is larger than the budget, many files are only listed by path. Before the first answer, the
 * model picks which of those it needs whole, through a structured output (a JSON schema the answer must match);
 * the plan then prefers them like files the question names.
 */
import type { Provider, Usage } from '../providers/types';

export const MAX_FILES_TO_EXPAND = 20;
/** The path list sent for choosing is capped: past this the request costs more than it saves. */
const MAX_PATHS_OFFERED = 5000;

export const EXPAND_SCHEMA = {
  name: 'files_to_read',
  schema: {
    type: 'object',
    properties: { paths: { type: 'array', items: { type: 'string' }, maxItems: MAX_FILES_TO_EXPAND } },
    required: ['paths'],
    additionalProperties: false,
  },
};

/** The paths the model chose, and what the request cost (it counts in the answer's cost). */
export async function chooseFilesToExpand(
  provider: Provider,
  model: string,
  question: string,
  listedPaths: readonly string[],
  signal: AbortSignal,
): Promise<{ paths: string[]; usage: Usage[] }> {
  const offered = listedPaths.slice(0, MAX_PATHS_OFFERED);
  const request = {
    model,
    reasoningEffort: 'none' as const,
    responseSchema: EXPAND_SCHEMA,
    messages: [
      {
        role: 'system' as const,
        content: `You choose which files a code assistant should read in full to answer a question. Reply with at most ${MAX_FILES_TO_EXPAND} paths, copied exactly from the list, most useful first; an empty list if none helps.`,
      },
      { role: 'user' as const, content: `Question: ${question}\n\nFiles:\n${offered.join('\n')}` },
    ],
  };
  let text = '';
  const usage: Usage[] = [];
  for await (const event of provider.stream(request, signal)) {
    if (event.type === 'text') text += event.text;
    else if (event.type === 'usage') usage.push(event.usage);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { paths: [], usage }; // a reply that is not the schema's JSON is no choice: the plan stays as it was
  }
  const known = new Set(offered);
  const paths = (parsed as { paths?: unknown }).paths;
  const chosen = Array.isArray(paths) ? [...new Set(paths.filter((path): path is string => typeof path === 'string' && known.has(path)))].slice(0, MAX_FILES_TO_EXPAND) : [];
  return { paths: chosen, usage };
}
