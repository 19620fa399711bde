/**
 * Rows of many columns as objects V8 keeps small. better-sqlite3 builds a row by setting one property
 * per column, and past about 20 properties set that way V8 turns the object into a hash table
 * ("dictionary mode"): a row of `blocks` (26 columns) cost 3 KB of heap instead of 0.4 KB, and the
 * claim's rows were a third of everything `execute 10000` allocated (bench/README.md, "Round 3").
 * Read as arrays instead, each row becomes an object literal with the same keys: fast properties,
 * one shape shared by every row.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { SqliteStatement } from 'kysely';

/** Up to this many columns better-sqlite3's own objects stay small (measured: 16 columns 0.45 KB a row). */
const WIDE = 16;

type Row = Record<string, unknown>;
const builders = new Map<string, (values: unknown[]) => Row>();

/** A function building an object literal from an array row: `{"id": v[0], "task": v[1], ...}`. */
function builderFor(names: string[]): (values: unknown[]) => Row {
  const key = JSON.stringify(names);
  let build = builders.get(key);
  if (!build) {
    // Column names are data, written as JSON string literals: nothing in them is read as code.
    // (A repeated name keeps its last value, as better-sqlite3's objects do.)
    build = new Function('v', `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ')}};`) as (values: unknown[]) => Row;
    builders.set(key, build);
  }
  return build;
}

/** The statement as Kysely's driver uses it; a reader of many columns returns its rows as above. */
export function withSmallRows(stmt: SqliteDatabase.Statement): SqliteStatement {
  if (!stmt.reader) return stmt;
  const names = stmt.columns().map((c) => c.name);
  if (names.length <= WIDE) return stmt;
  const build = builderFor(names);
  stmt.raw(true);
  return {
    reader: true,
    all: (parameters) => (stmt.all(parameters as unknown[]) as unknown[][]).map(build),
    run: (parameters) => stmt.run(parameters as unknown[]),
    *iterate(parameters) {
      for (const values of stmt.iterate(parameters as unknown[]) as IterableIterator<unknown[]>) yield build(values);
    },
  };
}
