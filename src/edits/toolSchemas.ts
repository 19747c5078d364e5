/**
 * The function tools the model gets, as strict JSON Schemas (every property required, optional ones nullable), and
 * the checks that turn its arguments into typed values. The model's arguments are untrusted: a call that does not
 * fit gets an error message it can act on, never an exception.
 */
import type { ToolDefinition } from '../providers/types';
import type { EditBlock } from './types';

export type ToolCallArguments =
  | { tool: 'read_file'; path: string; startLine?: number; endLine?: number }
  | { tool: 'list_files'; glob: string }
  | { tool: 'search'; query: string; isRegex: boolean; glob?: string }
  | { tool: 'replace_in_file'; path: string; edits: EditBlock[]; baseHash?: string }
  | { tool: 'write_file'; path: string; content: string; baseHash: string }
  | { tool: 'create_file'; path: string; content: string }
  | { tool: 'delete_file'; path: string }
  | { tool: 'rename_file'; path: string; newPath: string };

export type ToolName = ToolCallArguments['tool'];

export const EDIT_TOOLS: readonly ToolName[] = ['replace_in_file', 'write_file', 'create_file', 'delete_file', 'rename_file'];

const nullable = (type: string, description: string) => ({ type: [type, 'null'], description });
const text = (description: string) => ({ type: 'string', description });

function schema(properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

const PATH = text('Workspace-relative path with / separators, exactly as in the context (e.g. src/app.ts).');

export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [
  {
    name: 'read_file',
    description:
      'Read a workspace file (its current text, including unsaved editor changes and your pending edits). Use it for files the context lists by path only, and before editing a file you have not seen whole.',
    parameters: schema({ path: PATH, start_line: nullable('integer', '1-based first line, or null for the start.'), end_line: nullable('integer', '1-based last line (inclusive), or null for the end.') }),
  },
  {
    name: 'list_files',
    description: 'List workspace files matching a glob (e.g. "src/**/*.ts"; "**/*" for all). Only files git would track, minus binaries and secrets.',
    parameters: schema({ glob: text('A glob over workspace-relative paths.') }),
  },
  {
    name: 'search',
    description: 'Search the text of workspace files. Returns path:line: text for each hit (at most 200).',
    parameters: schema({
      query: text('The text or regular expression to find.'),
      is_regex: { type: 'boolean', description: 'true: query is a regular expression tested against each line (RE2 syntax: like JavaScript, without lookaround or backreferences; (?i) for case-insensitive); false: plain text (case-sensitive).' },
      glob: nullable('string', 'Only files matching this glob, or null for all.'),
    }),
  },
  {
    name: 'replace_in_file',
    description:
      'Propose replacements in an existing file. Each old_string must be copied exactly from the file (enough lines to be unique) and is replaced by new_string. The user reviews the change before it is applied. Several edits to one file go in one call; they apply in order, all or none. When old_string also occurs elsewhere in the file (a repeated line, a common call), give line_hint: the line where the place you mean starts, as read_file numbers the file you read (start_line counts as that line); the one match starting within 10 lines of it is changed. To delete whole lines, an old_string of those lines with an empty new_string removes their line break too. To rewrite most of a file, use write_file instead.',
    parameters: schema({
      path: PATH,
      edits: {
        type: 'array',
        minItems: 1,
        items: schema({
          old_string: text('The exact text to replace, including indentation.'),
          new_string: text('The text that replaces it.'),
          expected_occurrences: nullable('integer', 'How many places old_string occurs and must all be replaced; null means exactly 1.'),
          line_hint: nullable('integer', '1-based line where old_string starts in the file as you read it (before this call\'s edits), to pick one place when old_string occurs more than once; null when it is unique.'),
        }),
      },
      base_hash: nullable('string', 'The hash shown when you read the file, or null.'),
    }),
  },
  {
    name: 'write_file',
    description:
      'Propose the whole new content of an existing file, for rewrites that would otherwise be one edit spanning most of the file (the user reviews it as a diff, like any edit). Read the file first: base_hash must be the hash read_file showed, and a file that changed since is refused. For a few changes use replace_in_file; for a new file, create_file.',
    parameters: schema({ path: PATH, content: text('The whole new content of the file.'), base_hash: text('The base_hash read_file showed for this file.') }),
  },
  {
    name: 'create_file',
    description: 'Propose a new file with the given content (the user reviews it first). Fails if the file exists: use replace_in_file for existing files.',
    parameters: schema({ path: PATH, content: text('The whole content of the new file.') }),
  },
  {
    name: 'delete_file',
    description: 'Propose deleting a file (the user reviews it first).',
    parameters: schema({ path: PATH }),
  },
  {
    name: 'rename_file',
    description: 'Propose moving or renaming a file (the user reviews it first).',
    parameters: schema({ path: PATH, new_path: text('The new workspace-relative path.') }),
  },
];

type Parsed = { ok: true; value: ToolCallArguments } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredString(args: Record<string, unknown>, key: string, allowEmpty = false): string {
  const value = args[key];
  if (typeof value !== 'string' || (!allowEmpty && value.trim() === '')) throw new Error(`"${key}" must be a${allowEmpty ? '' : ' non-empty'} string`);
  return value;
}

function optionalPositiveInteger(args: Record<string, unknown>, key: string): number | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || (value as number) < 1) throw new Error(`"${key}" must be a positive integer or null`);
  return value as number;
}

function optionalString(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`"${key}" must be a string or null`);
  return value;
}

function editBlocks(value: unknown): EditBlock[] {
  if (!Array.isArray(value) || value.length === 0) throw new Error('"edits" must be a non-empty array of {old_string, new_string, expected_occurrences, line_hint}');
  return value.map((item, index) => {
    if (!isRecord(item)) throw new Error(`edits[${index}] must be an object`);
    try {
      const expectedOccurrences = optionalPositiveInteger(item, 'expected_occurrences');
      const lineHint = optionalPositiveInteger(item, 'line_hint');
      return {
        oldString: requiredString(item, 'old_string', true),
        newString: requiredString(item, 'new_string', true),
        ...(expectedOccurrences !== undefined ? { expectedOccurrences } : {}),
        ...(lineHint !== undefined ? { lineHint } : {}),
      };
    } catch (error) {
      throw new Error(`edits[${index}]: ${(error as Error).message}`);
    }
  });
}

/** Checks a tool call's parsed JSON against its tool; the error says what to fix. */
export function parseToolArguments(name: string, args: unknown): Parsed {
  if (!TOOL_DEFINITIONS.some((tool) => tool.name === name)) {
    return { ok: false, error: `Unknown tool "${name}". Available: ${TOOL_DEFINITIONS.map((tool) => tool.name).join(', ')}.` };
  }
  if (!isRecord(args)) return { ok: false, error: `The arguments of ${name} must be a JSON object.` };
  try {
    switch (name as ToolName) {
      case 'read_file': {
        const startLine = optionalPositiveInteger(args, 'start_line');
        const endLine = optionalPositiveInteger(args, 'end_line');
        if (startLine !== undefined && endLine !== undefined && endLine < startLine) throw new Error('"end_line" is before "start_line"');
        return { ok: true, value: { tool: 'read_file', path: requiredString(args, 'path'), startLine, endLine } };
      }
      case 'list_files':
        return { ok: true, value: { tool: 'list_files', glob: optionalString(args, 'glob') ?? '**/*' } };
      case 'search': {
        if (typeof args.is_regex !== 'boolean') throw new Error('"is_regex" must be true or false');
        return { ok: true, value: { tool: 'search', query: requiredString(args, 'query'), isRegex: args.is_regex, glob: optionalString(args, 'glob') } };
      }
      case 'replace_in_file':
        return { ok: true, value: { tool: 'replace_in_file', path: requiredString(args, 'path'), edits: editBlocks(args.edits), baseHash: optionalString(args, 'base_hash') } };
      case 'write_file':
        return { ok: true, value: { tool: 'write_file', path: requiredString(args, 'path'), content: requiredString(args, 'content', true), baseHash: requiredString(args, 'base_hash') } };
      case 'create_file':
        return { ok: true, value: { tool: 'create_file', path: requiredString(args, 'path'), content: requiredString(args, 'content', true) } };
      case 'delete_file':
        return { ok: true, value: { tool: 'delete_file', path: requiredString(args, 'path') } };
      case 'rename_file':
        return { ok: true, value: { tool: 'rename_file', path: requiredString(args, 'path'), newPath: requiredString(args, 'new_path') } };
    }
  } catch (error) {
    return { ok: false, error: `Invalid arguments for ${name}: ${(error as Error).message}.` };
  }
}
