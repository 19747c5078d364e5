/** A minimal request that proves the key, URL and model work: stops at the first streamed token. */
import type { ResolvedProvider } from './factory';

export interface ConnectionResult {
  milliseconds: number;
  model: string;
}

export async function testConnection(resolved: ResolvedProvider, signal?: AbortSignal): Promise<ConnectionResult> {
  const started = performance.now();
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const stream = resolved.provider.stream(
      { model: resolved.model, messages: [{ role: 'user', content: 'Reply with the single word OK.' }], maxOutputTokens: 16 },
      controller.signal,
    );
    for await (const event of stream) {
      if (event.type === 'text' || event.type === 'reasoning' || event.type === 'finish') break; // the first token is proof enough
    }
    return { milliseconds: Math.round(performance.now() - started), model: resolved.model };
  } finally {
    signal?.removeEventListener('abort', abort);
    controller.abort(); // closes the stream if it is still open
  }
}
