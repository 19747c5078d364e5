/** Server-sent-event pacing and faults shared by the fake's wires (Chat Completions, Responses, Runware). */
import { once } from 'node:events';
import type * as http from 'node:http';
import type { Script } from './fakeProvider';

export type StreamScript = Extract<Script, { kind: 'stream' }>;

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes SSE text with the script's pacing and keep-alive comments; resolves once the bytes reach the socket. */
export function sseWriter(res: http.ServerResponse, script: StreamScript, keepAlive: string) {
  const alive = () => !res.destroyed && !res.writableEnded;
  const write = async (text: string) => {
    if (script.delayMs) await wait(script.delayMs);
    if (script.keepAlive && alive()) res.write(keepAlive);
    // Wait until the bytes are handed to the socket, so a scripted drop never swallows what was "sent" before it.
    if (alive()) await new Promise<void>((resolve) => res.write(text, () => resolve()));
  };
  return { write, alive };
}

/** The content events with the script's faults (hold, drop, malformed line); false when the connection is gone. */
export async function writeContent(
  res: http.ServerResponse,
  script: StreamScript,
  write: (text: string) => Promise<void>,
  alive: () => boolean,
  render: (text: string, index: number) => string,
): Promise<boolean> {
  for (let i = 0; i < script.text.length; i++) {
    if (script.holdAfter?.chunks === i) await Promise.race([script.holdAfter.until, once(res, 'close')]);
    if (!alive()) return false;
    if (script.dropAfter === i) {
      res.socket?.destroy();
      return false;
    }
    if (script.malformedAfter?.chunks === i) {
      await write(`${script.malformedAfter.line}\n\n`);
      continue;
    }
    await write(render(script.text[i], i));
  }
  return true;
}
