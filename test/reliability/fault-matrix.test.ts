/**
 * The fault matrix: every way an execute can be interrupted, at every moment of a block's life.
 * After the interruption and one more execute, no block is lost or doubled, no recorded command ran
 * again, none of the stopped executor's commands is still running, every success reached the JSONL
 * logger with one key per run, and the database is intact.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROOT, dbPath, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { until } from '../helpers/processes.js';
import { databaseFor, onPostgres } from '../helpers/backend.js';
import { queryRows } from '../helpers/db.js';
import { PG_BIN } from '../helpers/postgres-server.js';

type Interruption = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'closed stderr' | 'held write lock' | 'kill -9';
type Moment = 'command running' | 'command just ended' | 'logger delivering' | 'between blocks';

const INTERRUPTIONS: Interruption[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'closed stderr', 'held write lock', 'kill -9'];
const MOMENTS: Moment[] = ['command running', 'command just ended', 'logger delivering', 'between blocks'];
const EXIT: Partial<Record<Interruption, number[]>> = { SIGINT: [130], SIGTERM: [143], SIGHUP: [129], 'closed stderr': [1], 'held write lock': [0, 1] };
const BLOCKS = 3;
const SLOW_LOGGER = path.join(ROOT, 'test', 'fixtures', 'slow-logger.sh');
const HOLD_LOCK = path.join(ROOT, 'test', 'fixtures', 'hold-write-lock.cjs');

const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

/** Processes that carry this case's marker in their environment: its commands and their children. */
function processesMarked(marker: string): number[] {
  const found: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`WB_MARK=${marker}`)) found.push(Number(pid));
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return found;
}

/** Waits for the test's go file (at most 20 s): holds a block at a moment the test chose. */
const GATE = 'i=0; while [ ! -e ../go ] && [ "$i" -lt 200 ]; do sleep 0.1; i=$((i + 1)); done; ';

/**
 * Each block's command. The moment is made to last: the commands after the first (all of them, when one
 * must be caught running) wait for the go file, which the test creates only after interrupting.
 */
function commandFor(moment: Moment, index: number): string {
  const gated = moment === 'command running' || index > 0;
  return `echo "$WORKBLOCK_ID" >> ../starts; ${gated ? GATE : ''}echo "$WORKBLOCK_ID" >> ../runs`;
}

/** Resolves when the moment has come. */
async function reach(moment: Moment, dir: string): Promise<void> {
  const file = { 'command running': 'starts', 'command just ended': 'runs', 'logger delivering': 'delivering', 'between blocks': 'delivered' }[moment];
  await until(() => lines(path.join(dir, file)).length >= 1, 20_000);
}

/**
 * Another session holding the write lock for 8 s: on SQLite a BEGIN IMMEDIATE, on PostgreSQL a psql
 * session holding the blocks table in EXCLUSIVE mode (reads go on, every write and claim waits).
 */
function holdWriteLock(db: string): ChildProcess {
  if (!onPostgres) return spawn(process.execPath, [HOLD_LOCK, db, '8000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const holder = spawn(path.join(PG_BIN, 'psql'), ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', db, '-f', '-'], { stdio: ['pipe', 'pipe', 'inherit'] });
  holder.stdin!.end('begin;\nlock table blocks in exclusive mode;\n\\echo locked\nselect pg_sleep(8);\ncommit;\n');
  return holder;
}

/** Interrupts; for a held lock, resolves with the holder's exit (once it holds the lock). */
async function interrupt(how: Interruption, child: ChildProcess, db: string): Promise<Promise<unknown> | null> {
  if (how === 'kill -9') child.kill('SIGKILL');
  else if (how === 'closed stderr') child.stderr!.destroy();
  else if (how === 'held write lock') {
    const holder = holdWriteLock(db);
    const released = new Promise((resolve) => holder.on('exit', resolve));
    await new Promise((resolve) => holder.stdout!.once('data', resolve));
    return released;
  } else child.kill(how);
  return null;
}

describe.concurrent('fault matrix', () => {
  for (const how of INTERRUPTIONS) {
    for (const moment of MOMENTS) {
      it(`${how} while ${moment}: nothing lost, nothing recorded runs again, nothing left running`, async () => {
        const dir = tempDir('wb-fault-');
        const work = path.join(dir, 'work');
        fs.mkdirSync(work);
        const marker = path.basename(dir);
        const env = { DELIVERY_DIR: dir, DELIVERY_GATE: moment === 'logger delivering' ? '1' : '' };
        const loggers = ['--logger', `jsonl:${path.join(dir, 'out.jsonl')}`, '--logger', `exec:${SLOW_LOGGER}`];
        for (let i = 0; i < BLOCKS; i++) ok(['add', `block ${i + 1}`, '--cmd', commandFor(moment, i), '--cwd', work, '--env', `WB_MARK=${marker}`], { cwd: dir });

        const executor = startCli(['execute', String(BLOCKS), ...loggers], { cwd: dir, env });
        const exited = waitExit(executor);
        await reach(moment, dir);
        expect(executor.exitCode, 'the executor ended before the moment').toBe(null);
        const holder = await interrupt(how, executor, databaseFor(dir) ?? dbPath(dir));
        await new Promise((r) => setTimeout(r, 300));
        fs.writeFileSync(path.join(dir, 'go'), '');
        const result = await exited;
        await holder;

        if (how === 'kill -9') expect(result.signal).toBe('SIGKILL');
        else expect(EXIT[how], result.stderr).toContain(result.code);
        if (result.code === 1 && how === 'held write lock') expect(result.stderr).toContain('locked');
        // When execute has exited, none of its commands is still running (kill -9 leaves orphans to recovery).
        if (how !== 'kill -9') expect(processesMarked(marker), result.stderr).toEqual([]);

        // Not spawnSync: it would freeze this worker's other cases (their polls, their interruptions) meanwhile.
        const again = await waitExit(startCli(['execute', String(BLOCKS), ...loggers], { cwd: dir, env: { DELIVERY_DIR: dir } }));
        expect(again.code, again.stderr).toBe(0);
        expect(processesMarked(marker)).toEqual([]);

        if (!onPostgres) {
          const db = new Database(dbPath(dir), { readonly: true });
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          db.close();
        }
        const history = await queryRows<{ block_id: number; outcome: string }>(dir, 'select block_id, outcome from history order by block_id');
        const [queued] = await queryRows<{ n: number }>(dir, 'select count(*) as n from blocks');
        expect(queued.n).toBe(0);
        expect(history).toEqual(Array.from({ length: BLOCKS }, (_, i) => ({ block_id: i + 1, outcome: 'success' })));

        // A command ran twice only when an executor was killed -9 before its end was recorded. Block 1's
        // end is recorded before its delivery starts, so even kill -9 while delivering never re-runs it.
        const runs = lines(path.join(dir, 'runs'));
        for (let id = 1; id <= BLOCKS; id++) {
          const times = runs.filter((r) => r === String(id)).length;
          const recordedBeforeKill = id === 1 && (moment === 'logger delivering' || moment === 'between blocks');
          expect(times, `block ${id} ran ${times} times`).toBeGreaterThanOrEqual(1);
          expect(times, `block ${id} ran ${times} times`).toBeLessThanOrEqual(how !== 'kill -9' || recordedBeforeKill ? 1 : 2);
        }
        // Every success reached the JSONL logger; redeliveries of one run repeat its key, never invent one.
        const records = lines(path.join(dir, 'out.jsonl')).map((l) => JSON.parse(l) as Record<string, unknown>);
        for (let id = 1; id <= BLOCKS; id++) {
          const keys = new Set(records.filter((r) => r.id === id).map((r) => r.idempotency_key ?? r.idempotencyKey));
          expect(keys.size, `block ${id}: keys ${[...keys].join(', ')}`).toBeGreaterThanOrEqual(1);
          expect(keys.size).toBeLessThanOrEqual(runs.filter((r) => r === String(id)).length);
        }
        fs.rmSync(dir, { recursive: true, force: true });
      }, 60_000);
    }
  }
});
