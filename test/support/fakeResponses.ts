/**
 * The fake's Responses wire (`POST /v1/responses`, streaming), as xAI and OpenAI document it:
 * - OpenAI, "Streaming API responses" guide (https://developers.openai.com/docs/guides/streaming-responses) and the API
 *   reference's streaming events (`response.created`, `response.in_progress`, `response.output_item.added`,
 *   `response.content_part.added`, `response.output_text.delta`/`.done`, `response.content_part.done`,
 *   `response.output_item.done`, `response.reasoning_summary_part.added`, `response.reasoning_summary_text.delta`/`.done`,
 *   `response.function_call_arguments.delta`/`.done`, `response.completed`/`response.incomplete`/`response.failed`):
 *   each event is `event: <type>\ndata: <json>\n\n`, every payload carries `type` and an increasing `sequence_number`,
 *   and the stream ends after the terminal event with no `data: [DONE]`.
 * - xAI, "Generate Text" (https://docs.x.ai/developers/model-capabilities/text/generate-text): `store: false`,
 *   `include: ["reasoning.encrypted_content"]` and the output items as they come back, a reasoning item
 *   `{id, summary, type: "reasoning", status, encrypted_content}` and a message item
 *   `{content: [{type: "output_text", text, logprobs, annotations}], id, role: "assistant", type: "message", status}`.
 * - xAI, "Cost Tracking" (https://docs.x.ai/developers/cost-tracking): `usage.cost_in_usd_ticks` on Responses too.
 * - Context overflow: xAI's pages do not show the body. The message is the one users report from xAI on both APIs
 *   ("This model's maximum prompt length is 131072 but the request contains 136973 tokens.", e.g. cline/cline#3120),
 *   in xAI's own error shape `{code, error}`.
 */
import type * as http from 'node:http';
import type { UsageScript } from './fakeProvider';
import { sseWriter, writeContent, type StreamScript } from './fakeSse';

/** What the server fills in around a script: ids, the echo of the request, the usage it reports. */
export interface ResponseContext {
  /** Numbers the ids (`resp_N`, `rs_N`, `msg_N`, `fc_N_i`). */
  n: number;
  model: string;
  createdAt: number;
  store: boolean;
  /** The usage to report (the script's, or with the simulated cache's cached tokens), if any. */
  usage?: UsageScript;
}

/** xAI's overflow body, for either wire. */
export function overflowBody(limit: number, tokens: number): unknown {
  return { code: 'Client specified an invalid argument', error: `This model's maximum prompt length is ${limit} but the request contains ${tokens} tokens.` };
}

function usageJson(usage: UsageScript): Record<string, unknown> {
  const json: Record<string, unknown> = {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.cached_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.reasoning_tokens ?? 0 },
    total_tokens: usage.prompt_tokens + usage.completion_tokens,
  };
  if (usage.cost_usd_ticks !== undefined) json.cost_in_usd_ticks = usage.cost_usd_ticks;
  return json;
}

/** An opaque stand-in for xAI's encrypted reasoning: stable for the same response, meaningless to the client. */
export function encryptedReasoning(n: number, text: string): string {
  return Buffer.from(`fake-encrypted-reasoning/${n}/${text}`).toString('base64');
}

interface Plan {
  /** Events before the text deltas (created, in progress, the reasoning item, the message item's opening). */
  before: Array<Record<string, unknown>>;
  /** One `response.output_text.delta` per scripted text chunk (where the faults apply). */
  deltas: Array<Record<string, unknown>>;
  /** Events after the text (the message item's closing, function calls, the terminal event). */
  after: Array<Record<string, unknown>>;
}

/** The events of a scripted response, without sequence numbers (added as they are written). */
function plan(script: StreamScript, ctx: ResponseContext): Plan {
  const { n } = ctx;
  const output: Array<Record<string, unknown>> = [];
  const base = (status: string, extra: Record<string, unknown> = {}) => ({
    id: `resp_${n}`,
    object: 'response',
    created_at: ctx.createdAt,
    model: ctx.model,
    status,
    output: status === 'in_progress' ? [] : output,
    error: null,
    incomplete_details: null,
    previous_response_id: null,
    store: ctx.store,
    usage: null,
    ...extra,
  });
  const before: Array<Record<string, unknown>> = [
    { type: 'response.created', response: base('in_progress') },
    { type: 'response.in_progress', response: base('in_progress') },
  ];
  const after: Array<Record<string, unknown>> = [];

  if (script.reasoning?.length) {
    const id = `rs_${n}`;
    const output_index = output.length;
    const text = script.reasoning.join('');
    const item = { id, type: 'reasoning', summary: [{ type: 'summary_text', text }], encrypted_content: encryptedReasoning(n, text), status: 'completed' };
    output.push(item);
    before.push(
      { type: 'response.output_item.added', output_index, item: { id, type: 'reasoning', summary: [], status: 'in_progress' } },
      { type: 'response.reasoning_summary_part.added', item_id: id, output_index, summary_index: 0, part: { type: 'summary_text', text: '' } },
      ...script.reasoning.map((delta) => ({ type: 'response.reasoning_summary_text.delta', item_id: id, output_index, summary_index: 0, delta })),
      { type: 'response.reasoning_summary_text.done', item_id: id, output_index, summary_index: 0, text },
      { type: 'response.reasoning_summary_part.done', item_id: id, output_index, summary_index: 0, part: { type: 'summary_text', text } },
      { type: 'response.output_item.done', output_index, item },
    );
  }

  const deltas: Array<Record<string, unknown>> = [];
  if (script.text.length) {
    const id = `msg_${n}`;
    const output_index = output.length;
    const text = script.text.join('');
    const part = { type: 'output_text', text, logprobs: [], annotations: [] };
    const item = { id, type: 'message', role: 'assistant', status: 'completed', content: [part] };
    output.push(item);
    before.push(
      { type: 'response.output_item.added', output_index, item: { id, type: 'message', role: 'assistant', status: 'in_progress', content: [] } },
      { type: 'response.content_part.added', item_id: id, output_index, content_index: 0, part: { ...part, text: '' } },
    );
    for (const delta of script.text) deltas.push({ type: 'response.output_text.delta', item_id: id, output_index, content_index: 0, delta, logprobs: [] });
    after.push(
      { type: 'response.output_text.done', item_id: id, output_index, content_index: 0, text, logprobs: [] },
      { type: 'response.content_part.done', item_id: id, output_index, content_index: 0, part },
      { type: 'response.output_item.done', output_index, item },
    );
  }

  for (const [i, call] of (script.toolCalls ?? []).entries()) {
    const id = `fc_${n}_${i}`;
    const output_index = output.length;
    const item = { id, type: 'function_call', call_id: call.id, name: call.name, arguments: call.arguments, status: 'completed' };
    output.push(item);
    after.push({ type: 'response.output_item.added', output_index, item: { ...item, arguments: '', status: 'in_progress' } });
    const parts = Math.max(1, call.fragments ?? 1);
    if (parts > 1) {
      // in argument deltas, as OpenAI streams them; a single fragment is the call whole, in its `done` item
      const size = Math.ceil(call.arguments.length / parts);
      for (let part = 0; part < parts; part++) {
        after.push({ type: 'response.function_call_arguments.delta', item_id: id, output_index, delta: call.arguments.slice(part * size, (part + 1) * size) });
      }
      after.push({ type: 'response.function_call_arguments.done', item_id: id, output_index, name: call.name, arguments: call.arguments });
    }
    after.push({ type: 'response.output_item.done', output_index, item });
  }

  const usage = ctx.usage ? usageJson(ctx.usage) : null;
  if (script.finishReason === 'length') {
    after.push({ type: 'response.incomplete', response: base('incomplete', { incomplete_details: { reason: 'max_output_tokens' }, usage }) });
  } else {
    after.push({ type: 'response.completed', response: base('completed', { usage }) });
  }
  return { before, deltas, after };
}

/** One event on the wire: its `event:` line and its JSON with the sequence number. */
function render(event: Record<string, unknown>, sequence: number): string {
  const { type, ...rest } = event;
  return `event: ${type as string}\ndata: ${JSON.stringify({ type, sequence_number: sequence, ...rest })}\n\n`;
}

/** The `output` items `response.completed` carries for this script: what a client must send back verbatim. */
export function completedOutput(script: StreamScript, ctx: ResponseContext): unknown[] {
  const completed = plan(script, ctx).after.find((event) => event.type === 'response.completed') as { response?: { output?: unknown[] } } | undefined;
  return completed?.response?.output ?? [];
}

/** The exact bytes of a scripted response with no faults: what the tests compare the wire against. */
export function responsesBytes(script: StreamScript, ctx: ResponseContext): string {
  const { before, deltas, after } = plan(script, ctx);
  return [...before, ...deltas, ...after].map((event, index) => render(event, index)).join('');
}

/** Streams a scripted response with the script's pacing and faults (hold, drop, malformed line, keep-alive). */
export async function streamResponses(res: http.ServerResponse, script: StreamScript, ctx: ResponseContext): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  const { write, alive } = sseWriter(res, script, ': keep-alive\n\n');
  const { before, deltas, after } = plan(script, ctx);
  let sequence = 0;
  for (const event of before) await write(render(event, sequence++));
  if (!(await writeContent(res, script, write, alive, (_text, index) => render(deltas[index], sequence++)))) return;
  for (const event of after) await write(render(event, sequence++));
  if (alive()) res.end();
}
