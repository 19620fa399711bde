/**
 * "This block has tag T" as SQL, the same on both backends. Tags are stored as ",a,b," and a tag is an
 * exact, case-sensitive name. Not LIKE: it ignores ASCII case on SQLite (not on PostgreSQL), and `_`,
 * allowed in tags, is one of its wildcards. instr() (SQLite) and strpos() (PostgreSQL) compare the
 * text as it is. Neither can use an index, as LIKE '%...%' could not either.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { isPostgres } from '../db/dialect.js';

function position(db: Kysely<any>, column: string, tag: string) {
  const needle = `,${tag},`;
  return isPostgres(db) ? sql<number>`strpos(${sql.ref(column)}, ${needle})` : sql<number>`instr(${sql.ref(column)}, ${needle})`;
}

/** A condition for `.where()`: `column` (a tags column, e.g. 'tags' or 'history.tags') holds `tag`. */
export function hasTag(db: Kysely<any>, column: string, tag: string): Expression<SqlBool> {
  return sql<SqlBool>`${position(db, column, tag)} > 0`;
}

/** The opposite of hasTag: `column` does not hold `tag`. */
export function lacksTag(db: Kysely<any>, column: string, tag: string): Expression<SqlBool> {
  return sql<SqlBool>`${position(db, column, tag)} = 0`;
}
