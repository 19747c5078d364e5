/** Tool-call arguments as the model sent them, parsed; both wires report bad JSON to the model in the same words. */
import type { ToolCall } from './types';

export function parseToolArguments(name: string, args: string): ToolCall['parsed'] {
  try {
    return { ok: true, value: JSON.parse(args || '{}') };
  } catch (error) {
    return { ok: false, error: `invalid JSON in the arguments of ${name || 'a tool call'}: ${(error as Error).message}` };
  }
}
