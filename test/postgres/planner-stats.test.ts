import { describe, expect, it } from 'vitest';
import { ok, tempDir } from '../helpers/cli.js';
import { queryRows } from '../helpers/db.js';

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

  it('leaves a small add to autovacuum: it costs no extra statement', async () => {
    const cwd = tempDir();
    ok(['add', '-'], { cwd, input: Array.from({ length: 50 }, (_, i) => `block ${i}`).join('\n') });
    // -1: never analyzed (PostgreSQL 14 and later).
    expect(await knownRows(cwd)).toBe(-1);
  });
});
