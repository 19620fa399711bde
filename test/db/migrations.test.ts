import path from 'node:path';
import { Migrator, FileMigrationProvider } from 'kysely';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { databaseFor, onPostgres } from '../helpers/backend.js';
import { cli, ok, ROOT, tempDir } from '../helpers/cli.js';
import { kyselyFor, queryRows } from '../helpers/db.js';

const MIGRATIONS = path.join(ROOT, 'dist', 'migrations');
/** Every compiled migration: the schema version a fresh database reaches. */
const KNOWN = fs.readdirSync(MIGRATIONS).filter((f) => /^\d+.*\.js$/.test(f)).length;

function migrator(dir: string) {
  const db = kyselyFor(dir);
  return { db, migrator: new Migrator({ db, provider: new FileMigrationProvider({ fs: fs.promises, path, migrationFolder: MIGRATIONS }) }) };
}

async function tables(dir: string): Promise<string[]> {
  const sql = onPostgres
    ? "select table_name as name from information_schema.tables where table_schema = 'public' order by 1"
    : "select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%' order by 1";
  return (await queryRows<{ name: string }>(dir, sql)).map((r) => r.name);
}

describe(`migrations (${onPostgres ? 'postgres' : 'sqlite'})`, () => {
  it('`migrate` sets up an empty database and reports the schema version', async () => {
    const cwd = tempDir();
    const r = cli(['migrate'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${KNOWN}\n`);
    expect(await tables(cwd)).toEqual(expect.arrayContaining(['blocks', 'block_deps', 'history', 'settings', 'block_counts', 'kysely_migration']));
    expect(cli(['migrate'], { cwd }).stderr).toMatch(new RegExp(`schema version ${KNOWN}, up to date`));
  });

  it('keeps per-status counts equal to the blocks through adds, claims, failures and removals', async () => {
    const cwd = tempDir();
    ok(['add', '-'], { cwd, input: Array.from({ length: 30 }, (_, i) => `block ${i}`).join('\n') });
    ok(['add', 'boom', '--name', 'boom', '--cmd', 'exit 3'], { cwd });
    ok(['add', 'after boom', '--after', 'boom'], { cwd });
    cli(['execute', '10', '--logger', 'none'], { cwd });
    ok(['remove', '25'], { cwd }); // still pending after the first ten
    cli(['execute', '40', '--logger', 'none'], { cwd });
    const counted = await queryRows<{ status: string; n: number }>(cwd, 'select status, count(*) as n from blocks group by status');
    const kept = await queryRows<{ status: string; n: number }>(cwd, 'select status, n from block_counts where n <> 0');
    const asMap = (rows: Array<{ status: string; n: number }>) => Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    expect(asMap(kept)).toEqual(asMap(counted));
    expect(asMap(counted)).toEqual({ failed: 1, blocked: 1 });
    expect(ok(['list', '--all'], { cwd })).toMatch(/boom/);
  });

  it("undoes every migration with its down and applies them again", async () => {
    const cwd = tempDir();
    ok(['migrate'], { cwd });
    const { db, migrator: m } = migrator(cwd);
    try {
      for (let i = KNOWN; i > 0; i--) {
        const { error } = await m.migrateDown();
        expect(error).toBeUndefined();
      }
      expect((await tables(cwd)).filter((t) => !t.startsWith('kysely_'))).toEqual([]);
      const { error, results } = await m.migrateToLatest();
      expect(error).toBeUndefined();
      expect(results?.map((r) => r.status)).toEqual(Array(KNOWN).fill('Success'));
    } finally {
      await db.destroy();
    }
    // SQLite's open trusts user_version; a re-applied schema must still be usable.
    if (!onPostgres) await queryRows(cwd, `pragma user_version = ${KNOWN}`);
    ok(['add', 'after a round trip'], { cwd });
    expect(ok(['list'], { cwd })).toMatch(/after a round trip/);
  });

  // SQLite needs no trigger for the dashboard's change feed (it polls data_version); migration 0009 is empty there.
  it.runIf(onPostgres)('notifies workblock_changes once per transaction that writes blocks, history, runs or settings', async () => {
    const cwd = tempDir();
    ok(['migrate'], { cwd });
    const client = new pg.Client({ connectionString: databaseFor(cwd) });
    await client.connect();
    let seen = 0;
    client.on('notification', (m) => m.channel === 'workblock_changes' && seen++);
    await client.query('LISTEN workblock_changes');
    const settled = async (n: number) => {
      for (let i = 0; i < 100 && seen < n; i++) await new Promise((r) => setTimeout(r, 50));
      await client.query('select 1'); // a round trip: any notification sent before it has arrived
      return seen;
    };
    try {
      ok(['add', '-'], { cwd, input: 'one\ntwo\nthree\n' }); // one transaction, three rows: one notification
      expect(await settled(1)).toBe(1);
      ok(['pause'], { cwd });
      expect(await settled(2)).toBe(2);
      ok(['resume'], { cwd });
      expect(await settled(3)).toBe(3);
      ok(['execute', '3', '--logger', 'none'], { cwd });
      expect(await settled(5)).toBeGreaterThanOrEqual(5); // at least a claim and a settle
      expect(await queryRows(cwd, 'select count(*)::int as n from history')).toEqual([{ n: 3 }]);
    } finally {
      await client.end();
    }
  });

  it('refuses a database of a newer schema in one line, with exit 2 and nothing changed', async () => {
    const cwd = tempDir();
    ok(['add', 'existing'], { cwd });
    if (onPostgres) await queryRows(cwd, "insert into kysely_migration (name, timestamp) values ('9999_from_the_future', 'x')");
    else await queryRows(cwd, `pragma user_version = ${KNOWN + 1}`);
    const r = cli(['add', 'new one'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^workblock: database .* has schema version ${KNOWN + 1}, newer than this workblock \\(${KNOWN}\\): upgrade workblock\\n$`));
    expect(await queryRows(cwd, 'select task from blocks')).toEqual([{ task: 'existing' }]);
  });

  it(onPostgres ? 'upgrades an older PostgreSQL schema only through `workblock migrate`' : 'upgrades an older SQLite schema on open', async () => {
    const cwd = tempDir();
    const { db, migrator: m } = migrator(cwd);
    try {
      expect((await m.migrateTo('0002_child_pid')).error).toBeUndefined();
    } finally {
      await db.destroy();
    }
    if (!onPostgres) await queryRows(cwd, 'pragma user_version = 2');
    if (onPostgres) {
      const refused = cli(['list'], { cwd });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(new RegExp(`has schema version 2, older than this workblock \\(${KNOWN}\\): run \`workblock migrate --db postgres://wb_test@127\\.0\\.0\\.1:\\d+/\\w+\``));
      const migrated = cli(['migrate'], { cwd });
      expect(migrated.stderr).toMatch(new RegExp(`schema version 2 -> ${KNOWN}`));
    }
    ok(['add', 'on the new schema'], { cwd });
    expect(ok(['list'], { cwd })).toMatch(/Pending work blocks: 1/);
  });
});
