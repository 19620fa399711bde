/** The queue as one object: the library API (`openQueue`) and what every CLI command calls. */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { openDatabase, resolveDbPath, type OpenedDatabase } from './db/open.js';
import type { Database } from './db/schema.js';
import type { Logger } from './loggers/logger.js';
import type { ExecuteOptions, ExecuteResult } from './worker/executor.js';
import { checkNewBlock } from './schema/block.js';
import { addBlocks, type AddResult } from './queue/add.js';
import { countBlocks, countByStatus, getBlock, listBlocks, oldestPendingAt, type ListOptions } from './queue/list.js';
import { pruneHistory, readHistory, type HistoryOptions, type PruneResult } from './queue/history.js';
import { removeBlocks, retryBlocks, type RemoveResult, type RetryResult } from './queue/manage.js';
import { getSetting } from './queue/settings.js';
import { readPause, type PauseState } from './queue/pause.js';
import { readDefaults, type QueueDefaults } from './queue/defaults.js';
import { getRun, recordRun, runBlockIds, runState, type RunInfo, type RunState } from './queue/runs.js';
import { readyBlocks } from './store/ready.js';
import type { StatsQuery, StatsRow } from './store/stats.js';
import type { NewSchedule, Schedule } from './store/schedules.js';
import type { Template, TemplateBlock } from './store/templates.js';
import type { BlockHost } from './store/ran-on.js';
import { rowToBlock } from './queue/rows.js';
import { outputFilesFor } from './runner/log-files.js';
import type { HistoryEntry, NewBlock, WorkBlock } from './queue/types.js';

export interface OpenQueueOptions {
  /** database file; default $WORKBLOCK_DB or ./data/workblocks.db */
  db?: string;
  cwd?: string;
  /** allow opening a database this user cannot write (read commands) */
  readonly?: boolean;
  /** false: refuse to migrate an out-of-date schema (throws MigrationNeeded) */
  migrate?: boolean;
  /** PostgreSQL: upgrade an older schema too (`workblock migrate`); an empty database is always set up */
  upgrade?: boolean;
}

/** The executor's options, with N and loggers optional (config or defaults fill them) and no logs dir. */
export type QueueExecuteOptions = Partial<Omit<ExecuteOptions, 'loggers' | 'logsDir'>> & {
  /** logger specs like 'markdown' or 'jsonl:out.jsonl', or Logger objects; default from config, else markdown */
  loggers?: Array<string | Logger>;
};

export const DEFAULT_N = 5;

export class Queue {
  constructor(private readonly opened: OpenedDatabase, readonly cwd: string) {}

  get db(): Kysely<Database> {
    return this.opened.db;
  }
  /** the SQLite file, or the PostgreSQL URL without its password */
  get path(): string {
    return this.opened.path;
  }
  /** This open created the queue (a new, empty database). */
  get created(): boolean {
    return this.opened.created;
  }
  get dialect(): 'sqlite' | 'postgres' {
    return this.opened.dialect;
  }
  /** schema versions before and after this open */
  get schema(): { from: number; to: number } {
    return this.opened.schema;
  }
  /** Diaries and command logs live beside the database file. */
  get dataDir(): string {
    return this.opened.dataDir;
  }
  /** This database's command logs (each database its own: block ids repeat across databases). */
  get logsDir(): string {
    // A PostgreSQL queue has no file to sit beside: its command logs stay in ./data/logs on the executor's machine.
    return this.opened.dialect === 'postgres' ? path.join(this.dataDir, 'logs') : logsDirFor(this.opened.path);
  }
  /** A block's stdout log; its stderr is beside it as ID.err. */
  logFile(id: number): string {
    return path.join(this.logsDir, `${id}.log`);
  }

  /**
   * Every block goes through the block schema (schema/block.ts), the rules of every other input path:
   * a bad field throws a UsageError naming it and nothing is added. A relative `cwd` resolves against
   * the queue's `cwd`, and a command without one runs there.
   */
  async add(blocks: NewBlock | NewBlock[] | string, where?: (i: number) => string): Promise<AddResult> {
    const list = typeof blocks === 'string' ? [{ task: blocks }] : Array.isArray(blocks) ? blocks : [blocks];
    const ctx = { cwd: this.cwd, checkedDirs: new Map<string, string>() };
    const checked = list.map((b, i) => checkNewBlock(b, ctx, where ? where(i).replace(/: $/, '') : list.length > 1 ? `block ${i + 1}` : ''));
    // Command blocks that leave retries, retry delay or timeout unsaid take the queue's defaults (config).
    const unsaid = (b: NewBlock) => b.command && (b.maxRetries === undefined || b.retryDelayMs === undefined || b.timeoutMs === undefined);
    if (!checked.some(unsaid)) return addBlocks(this.db, checked, where);
    const d = await readDefaults(this.db);
    const filled = checked.map((b) => (b.command ? { ...b, maxRetries: b.maxRetries ?? d.retries ?? undefined, retryDelayMs: b.retryDelayMs ?? d.retryDelayMs ?? undefined, timeoutMs: b.timeoutMs === undefined ? d.timeoutMs : b.timeoutMs } : b));
    return addBlocks(this.db, filled, where);
  }
  list(opts?: ListOptions): Promise<WorkBlock[]> {
    return listBlocks(this.db, opts);
  }
  count(opts?: { tag?: string[]; all?: boolean; cap?: number }): Promise<number> {
    return countBlocks(this.db, opts);
  }
  /** How many blocks are in each stored state (pending, running, failed, blocked). */
  countByStatus(): Promise<Record<string, number>> {
    return countByStatus(this.db);
  }
  /** When the oldest pending block was added (ms), or null when none is pending. */
  oldestPendingAt(tags?: string[]): Promise<number | null> {
    return oldestPendingAt(this.db, tags);
  }
  show(ref: string | number): Promise<WorkBlock> {
    return getBlock(this.db, ref);
  }
  /** The host a block runs or last ran on (its logs are there), or null if it never ran. */
  async ranOn(id: number): Promise<BlockHost | null> {
    return (await import('./store/ran-on.js')).ranOn(this.db, id);
  }
  /** `cascade` also removes the blocks that wait on these; without it such a removal is refused. */
  remove(refs: string[], opts: { cascade?: boolean } = {}): Promise<RemoveResult> {
    return removeBlocks(this.db, refs, opts);
  }
  retry(refs: string[] | 'failed'): Promise<RetryResult> {
    return retryBlocks(this.db, refs);
  }
  history(opts?: HistoryOptions): Promise<HistoryEntry[]> {
    return readHistory(this.db, opts);
  }
  /** Finished blocks in a window, for `stats`. */
  async statsRows(opts?: StatsQuery): Promise<StatsRow[]> {
    return (await import('./store/stats.js')).readStatsRows(this.db, opts);
  }
  /**
   * Deletes history entries older than `olderThanMs`, and the log files of blocks that leaves with no
   * trace in the queue or history; returns how many entries went (a dry run deletes nothing).
   */
  async prune(olderThanMs: number, opts: { dryRun?: boolean } = {}): Promise<PruneResult & { logFiles: string[] }> {
    const result = await pruneHistory(this.db, Date.now() - olderThanMs, opts);
    const logFiles = result.goneBlocks.flatMap((id) => outputFilesFor(this.logFile(id))).filter((f) => fs.existsSync(f));
    if (!opts.dryRun) logFiles.forEach((f) => fs.rmSync(f, { force: true }));
    return { ...result, logFiles };
  }

  /** The next `n` blocks an execute would start, without claiming them (dry run). */
  async peekReady(n: number, tags?: string[], batch?: string | null): Promise<WorkBlock[]> {
    const rows = await readyBlocks(this.db, { tags, batch }, n).selectAll().execute();
    return rows.map((r) => rowToBlock(r));
  }

  pauseState(): Promise<PauseState> {
    return readPause(this.db);
  }
  recordRun(run: RunInfo): Promise<void> {
    return recordRun(this.db, run);
  }
  getRun(id: string): Promise<RunInfo> {
    return getRun(this.db, id);
  }
  runState(id: string): Promise<RunState> {
    return runState(this.db, id);
  }
  runBlockIds(id: string): Promise<number[]> {
    return runBlockIds(this.db, id);
  }

  /** The per-queue defaults from config (n, concurrency, retries, retry delay, timeout). */
  defaults(): Promise<QueueDefaults> {
    return readDefaults(this.db);
  }

  async defaultN(): Promise<number> {
    return Number((await getSetting(this.db, 'n')) ?? DEFAULT_N);
  }

  async defaultLoggerSpecs(): Promise<string[]> {
    const raw = await getSetting(this.db, 'loggers');
    return raw ? (JSON.parse(raw) as string[]) : ['markdown'];
  }

  // Templates and schedules are loaded on use (like execute), so the fast `add` bundle stays small.
  async saveTemplate(name: string, block: TemplateBlock, replace = false): Promise<void> {
    return (await import('./store/templates.js')).saveTemplate(this.db, name, block, replace);
  }
  async template(name: string): Promise<Template> {
    return (await import('./store/templates.js')).getTemplate(this.db, name);
  }
  async listTemplates(): Promise<Template[]> {
    return (await import('./store/templates.js')).listTemplates(this.db);
  }
  async removeTemplate(name: string): Promise<void> {
    return (await import('./store/templates.js')).removeTemplate(this.db, name);
  }

  async addSchedule(s: NewSchedule): Promise<void> {
    return (await import('./store/schedules.js')).addSchedule(this.db, s);
  }
  async listSchedules(): Promise<Schedule[]> {
    return (await import('./store/schedules.js')).listSchedules(this.db);
  }
  async removeSchedule(name: string): Promise<void> {
    return (await import('./store/schedules.js')).removeSchedule(this.db, name);
  }
  /** Queues each schedule occurrence due by `now`, once across all executors; returns the new ids. */
  async materializeSchedules(now = Date.now()): Promise<number[]> {
    return (await import('./store/schedules.js')).materializeDueSchedules(this.db, now);
  }

  /** `config set notify ...`: targets notified after every execute and run without --notify. */
  async defaultNotifySpecs(): Promise<string[]> {
    const raw = await getSetting(this.db, 'notify');
    return raw ? (JSON.parse(raw) as string[]) : [];
  }

  async execute(opts: QueueExecuteOptions = {}): Promise<ExecuteResult> {
    // Loaded here, not at the top, so `add` never pays for loggers or child-process code.
    const [{ execute }, { createLoggers }] = await Promise.all([import('./worker/executor.js'), import('./loggers/registry.js')]);
    const given = opts.loggers ?? (await this.defaultLoggerSpecs());
    const specs = given.filter((l): l is string => typeof l === 'string');
    const loggers = [...(await createLoggers(specs, { cwd: this.cwd, dataDir: this.dataDir })), ...given.filter((l): l is Logger => typeof l !== 'string')];
    const n = opts.n ?? (await this.defaultN());
    try {
      return await execute(this.db, { ...opts, n, loggers, logsDir: this.logsDir });
    } finally {
      for (const l of loggers) await l.close?.();
    }
  }

  async close(): Promise<void> {
    await this.opened.db.destroy();
  }
}

/**
 * data/logs/ for the default database file name (where logs always were), data/NAME.logs/ for any other
 * database file data/NAME.db, so two databases in one directory never share (or overwrite) logs.
 */
export function logsDirFor(dbPath: string): string {
  const base = path.basename(dbPath);
  if (base === 'workblocks.db') return path.join(path.dirname(dbPath), 'logs');
  return path.join(path.dirname(dbPath), `${base.replace(/\.(db|sqlite3?)$/, '')}.logs`);
}

export async function openQueue(opts: OpenQueueOptions = {}): Promise<Queue> {
  const cwd = opts.cwd ?? process.cwd();
  const opened = await openDatabase(resolveDbPath(opts.db, cwd), { allowReadonly: opts.readonly, migrate: opts.migrate, upgrade: opts.upgrade, cwd });
  return new Queue(opened, cwd);
}
