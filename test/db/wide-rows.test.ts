/**
 * Rows of many columns are read as arrays and built as object literals (src/db/wide-rows.ts): they
 * must be the very objects better-sqlite3 would have built, key order, nulls and repeated names included.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { withSmallRows } from '../../dist/src/db/wide-rows.js';

const Database = createRequire(import.meta.url)('better-sqlite3');

function table(columns: number) {
  const db = new Database(':memory:');
  const names = Array.from({ length: columns }, (_, i) => (i === 3 ? `odd "name" \\ ${i}` : `c${i}`));
  db.exec(`create table t (${names.map((n) => `"${n.replace(/"/g, '""')}"`).join(', ')})`);
  const insert = db.prepare(`insert into t values (${names.map(() => '?').join(', ')})`);
  insert.run(names.map((_, i) => (i % 3 === 0 ? null : i % 3 === 1 ? `text ${i}` : i * 1e12)));
  insert.run(names.map((_, i) => i));
  return db;
}

describe('wide rows', () => {
  it('builds the same rows as better-sqlite3 for a wide select, with parameters', () => {
    const db = table(30);
    const sql = 'select * from t where c1 is not ? order by rowid';
    const mine = withSmallRows(db.prepare(sql));
    expect(mine).not.toBe(db.prepare(sql)); // (the wide path, not the statement itself)
    const expected = db.prepare(sql).all([-1]);
    expect(mine.all([-1])).toStrictEqual(expected);
    expect(Object.keys(mine.all([-1])[0] as object)).toStrictEqual(Object.keys(expected[0]));
    expect([...mine.iterate([-1])]).toStrictEqual(expected);
  });

  it('keeps the last value of a repeated column name, as better-sqlite3 does', () => {
    const db = table(20);
    const sql = 'select *, c2 as c1 from t order by rowid';
    expect(withSmallRows(db.prepare(sql)).all([])).toStrictEqual(db.prepare(sql).all());
  });

  it('leaves narrow readers and writers as they are', () => {
    const db = table(20);
    const narrow = db.prepare('select c1, c2 from t');
    expect(withSmallRows(narrow)).toBe(narrow);
    const write = db.prepare('update t set c1 = ? returning *');
    const wrapped = withSmallRows(db.prepare('update t set c1 = ?'));
    expect(wrapped.run(['x']).changes).toBe(2);
    expect(withSmallRows(write).all(['y'])).toStrictEqual(db.prepare('select * from t order by rowid').all().map((r: object) => ({ ...r })));
  });
});
