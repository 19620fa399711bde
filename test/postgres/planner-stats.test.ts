import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresServer } from '../helpers/backend.js';
import { ok, tempDir } from '../helpers/cli.js';
import { locationOf, queryRows } from '../helpers/db.js';
import { psqlAdmin } from '../helpers/postgres-server.js';

/** The plan of the claim's row lookup (src/store/postgres/claim.ts, without its CTEs), as text. */
async function claimPlan(cwd: string): Promise<string> {
  const rows = await queryRows<{ 'QUERY PLAN': string }>(
    cwd,
    `explain select b.id from blocks b where b.status = 'pending' and b.run_at <= ${Date.now()}
       and not exists (select 1 from block_deps d where d.block_id = b.id)
     order by b.priority desc, b.id asc limit 200 for update of b skip locked`,
  );
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

async function knownRows(cwd: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(cwd, "select reltuples::bigint as n from pg_class where oid = 'blocks'::regclass");
  return Number(row.n);
}

describe('planner statistics after a bulk add on PostgreSQL', () => {
  it('analyzes blocks after a bulk add, so claims walk blocks_order instead of sorting every pending row', async () => {
    const cwd = tempDir();
    ok(['add', '-'], { cwd, input: Array.from({ length: 5000 }, (_, i) => `block ${i}`).join('\n') });
    expect(await knownRows(cwd)).toBe(5000);
    const plan = await claimPlan(cwd);
    expect(plan).toMatch(/Index Scan using blocks_order/);
    expect(plan).not.toMatch(/Sort/);
  });

  it('analyzes blocks after a bulk import too', async () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'queue.ndjson');
    fs.writeFileSync(file, Array.from({ length: 5000 }, (_, i) => JSON.stringify({ task: `block ${i}` })).join('\n'));
    ok(['import', file], { cwd });
    expect(await knownRows(cwd)).toBe(5000);
  });

  it('leaves a small add to autovacuum: it costs no extra statement', async () => {
    const cwd = tempDir();
    ok(['add', '-'], { cwd, input: Array.from({ length: 50 }, (_, i) => `block ${i}`).join('\n') });
    // -1: never analyzed (PostgreSQL 14 and later).
    expect(await knownRows(cwd)).toBe(-1);
  });

  it('still adds when its role may not analyze the table (another role owns it): the server skips ANALYZE', async () => {
    const cwd = tempDir();
    ok(['migrate'], { cwd });
    const server = postgresServer();
    const url = new URL(locationOf(cwd));
    const database = url.pathname.slice(1);
    const role = `wb_writer_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    psqlAdmin(server, `create role ${role} login password 'writer-pw'`);
    psqlAdmin(server, `grant all on all tables in schema public to ${role}; grant all on all sequences in schema public to ${role}`, database);
    url.username = role;
    url.password = 'writer-pw';
    const out = ok(['add', '-'], { cwd, env: { WORKBLOCK_DB: url.href }, input: Array.from({ length: 1500 }, (_, i) => `block ${i}`).join('\n') });
    expect(out.trim().split('\n')).toHaveLength(1500);
    expect(await knownRows(cwd)).toBe(-1);
  });
});
