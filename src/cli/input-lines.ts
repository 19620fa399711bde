/** Turns piped input into blocks: one task per line, or NDJSON block objects (schema/block.ts); a bad line names its number. */
import type { NewBlock } from '../queue/types.js';
import { isObject, parseBlockObject, type ParseContext } from '../schema/block.js';
import { fail, located, SchemaError } from '../schema/errors.js';

export interface InputLine {
  block: NewBlock;
  line: number;
}

/**
 * `defaults` fills fields a line does not set (the flags of `add -`). A `"status"` other than
 * pending is refused: `add` queues new blocks; finished ones go through `workblock import`.
 */
export function parseInputLines(text: string, ctx: ParseContext, defaults: (o: Record<string, unknown>) => Record<string, unknown> = (o) => o): InputLine[] {
  const out: InputLine[] = [];
  const lines = text.split(/\r?\n/);
  const shared: ParseContext = { ...ctx, checkedDirs: new Map() };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (!raw.trim()) continue;
    const line = i + 1;
    const where = `line ${line}`;
    const value = raw.trimStart().startsWith('{') ? jsonLine(raw, where) : { task: raw.trim() };
    const block = located(where, () => {
      if (isObject(value) && 'status' in value) {
        if (value.status !== 'pending') fail('status', `${JSON.stringify(value.status)} cannot be added`, '`add -` queues pending blocks: use `workblock import` for finished ones');
        delete value.status;
      }
      return parseBlockObject(defaults(value as Record<string, unknown>), shared);
    });
    out.push({ block, line });
  }
  return out;
}

function jsonLine(raw: string, where: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new SchemaError('', `malformed JSON (${(e as Error).message})`, 'fix the line or pass plain text', where);
  }
}
