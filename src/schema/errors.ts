/**
 * The one error format of the block schema: `WHERE: FIELD: problem: fix` (WHERE is "line 3",
 * "tasks.json entry 2", ...; flags have none). A SchemaError is a UsageError: exit 2, nothing written.
 */
import { UsageError } from '../errors.js';

export class SchemaError extends UsageError {
  constructor(
    readonly field: string,
    readonly problem: string,
    readonly fix: string,
    readonly where = '',
  ) {
    super(`${where ? `${where}: ` : ''}${field ? `${field}: ` : ''}${problem}: ${fix}`);
    this.name = 'SchemaError';
  }

  /** The same error, located (a line number or entry of a file). */
  at(where: string): SchemaError {
    return new SchemaError(this.field, this.problem, this.fix, this.where ? `${where} ${this.where}` : where);
  }
}

export function fail(field: string, problem: string, fix: string): never {
  throw new SchemaError(field, problem, fix);
}

/** Runs `parse` and locates any SchemaError it throws at `where`; other errors pass through. */
export function located<T>(where: string, parse: () => T): T {
  if (!where) return parse();
  try {
    return parse();
  } catch (e) {
    if (e instanceof SchemaError) throw e.at(where);
    throw e;
  }
}

/** A value quoted for an error message, shortened so the message stays one readable line. */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
