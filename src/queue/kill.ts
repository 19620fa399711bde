/**
 * Stopping one running block from outside its executor (`workblock kill`, the dashboard). The executor
 * stays the only one that settles the block (its lease guards every settle): kill records what the
 * user wants for this attempt (failed, or back to pending), then signals the command's process group,
 * SIGTERM and SIGKILL after the grace period, and waits until the executor has settled the block.
 *
 * How the executor sees it: SIGTERM ends the command (its spawner traps the signal and lives on), so
 * the command reports death by SIGTERM; SIGKILL also ends the spawner, which the executor reads as
 * "process lost". Either way it finds the request here (killRequestsFor) and settles accordingly:
 * `fail` records the block failed without using its retries, `requeue` puts it back to pending.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { RuntimeFailure, UsageError } from '../errors.js';
import { deleteKillRequest, recordKillRequest, type KillAction } from '../store/kill-requests.js';
import { getBlock } from './list.js';
import { processExists, signalGroup } from '../process-group.js';
import { hostId } from '../store/host.js';

export type { KillAction };


export interface KillOptions {
  action?: KillAction;
  /** between SIGTERM and SIGKILL; default WORKBLOCK_KILL_GRACE_MS or 5 s */
  graceMs?: number;
  /** how long to wait for the executor to settle the block after SIGKILL */
  settleMs?: number;
  onProgress?: (message: string) => void;
}

export interface KillResult {
  id: number;
  /** the last signal sent */
  signal: 'SIGTERM' | 'SIGKILL';
  /** where the block is now: 'failed', 'pending', or 'history' when it completed anyway */
  state: string;
}

const POLL_MS = 100;

export function killGraceMs(): number {
  return Number(process.env.WORKBLOCK_KILL_GRACE_MS) || 5000;
}

export async function killBlock(db: Kysely<Database>, ref: string | number, opts: KillOptions = {}): Promise<KillResult> {
  const action = opts.action ?? 'fail';
  const say = opts.onProgress ?? (() => undefined);
  const block = await getBlock(db, ref);
  if (block.status !== 'running') throw new UsageError(`block #${block.id} is ${block.status}, not running: nothing to kill (\`workblock remove ${block.id}\` drops a queued block)`);
  const row = await waitForProcessGroup(db, block.id);
  const attempt = row.attempts;
  const stillThisRun = async () => {
    const now = await db.selectFrom('blocks').select(['status', 'attempts', 'lease_owner']).where('id', '=', block.id).executeTakeFirst();
    return !!now && now.status === 'running' && now.attempts === attempt && now.lease_owner === row.lease_owner;
  };
  await recordKillRequest(db, block.id, attempt, action);
  try {
    let signal: KillResult['signal'] = 'SIGTERM';
    say(`sent SIGTERM to block #${block.id} (process group ${row.child_pid})`);
    if (signalGroup(row.child_pid!, 'SIGTERM') && !(await settledWithin(stillThisRun, opts.graceMs ?? killGraceMs()))) {
      signal = 'SIGKILL';
      say(`block #${block.id} still running after the grace period: sent SIGKILL`);
      signalGroup(row.child_pid!, 'SIGKILL');
    }
    if (!(await settledWithin(stillThisRun, opts.settleMs ?? 30_000))) {
      throw new RuntimeFailure(`block #${block.id} was sent ${signal} but its executor (pid ${row.lease_pid}) has not settled it: check it, or \`workblock recover\` once it is gone`);
    }
    return { id: block.id, signal, state: await stateOf(db, block.id) };
  } finally {
    await deleteKillRequest(db, block.id, attempt);
  }
}

/** A block's command starts a moment after its claim: wait briefly for its process group to be recorded. */
async function waitForProcessGroup(db: Kysely<Database>, id: number) {
  const until = Date.now() + 5000;
  for (;;) {
    const row = await db.selectFrom('blocks').select(['status', 'attempts', 'child_pid', 'outcome', 'lease_owner', 'lease_host', 'lease_pid']).where('id', '=', id).executeTakeFirst();
    if (!row || row.status !== 'running') throw new UsageError(`block #${id} is no longer running: nothing to kill`);
    if (row.outcome !== null) throw new UsageError(`block #${id}'s command has already ended (its loggers are being given the outcome): nothing to kill`);
    // Checked first: an executor killed before it recorded the command's process group never will.
    if (row.lease_host !== hostId()) throw new UsageError(`block #${id} runs on host ${row.lease_host}: run \`workblock kill ${id}\` there`);
    if (row.lease_pid !== null && !processExists(row.lease_pid)) {
      throw new RuntimeFailure(`block #${id}'s executor (pid ${row.lease_pid}) is gone: \`workblock recover\` stops its command and returns the block to pending`);
    }
    if (row.child_pid) return row;
    if (Date.now() > until) throw new RuntimeFailure(`block #${id} is claimed but its command has not started: try again in a moment`);
    await sleep(POLL_MS);
  }
}

async function settledWithin(stillRunning: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (await stillRunning()) {
    if (Date.now() > until) return false;
    await sleep(POLL_MS);
  }
  return true;
}

async function stateOf(db: Kysely<Database>, id: number): Promise<string> {
  const row = await db.selectFrom('blocks').select('status').where('id', '=', id).executeTakeFirst();
  return row?.status ?? 'history';
}
