/** The typed shape of the database, as Kysely sees it. Mirrors migrations/. */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface BlocksTable {
  id: Generated<number>;
  task: string;
  result: Generated<string>;
  insight: Generated<string>;
  next_step: Generated<string>;
  status: Generated<string>;
  priority: Generated<number>;
  tags: Generated<string>;
  name: string | null;
  idem_key: string | null;
  command: string | null;
  cwd: string | null;
  env: string | null;
  timeout_ms: number | null;
  max_retries: Generated<number>;
  retry_delay_ms: Generated<number>;
  run_at: Generated<number>;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  attempts: Generated<number>;
  last_error: string | null;
  outcome: string | null;
  batch: string | null;
  lease_owner: string | null;
  lease_pid: number | null;
  lease_host: string | null;
  lease_until: number | null;
  /** process group of the running command (0002) */
  child_pid: Generated<number | null>;
  /** the block's name inside its run (`batch`), unique per run (0005) */
  run_name: Generated<string | null>;
  /** pre-flight shell command (0006) */
  check_command: string | null;
  /** the import entry this block came from (0007) */
  import_key: Generated<string | null>;
}

export interface BlockDepsTable {
  block_id: number;
  depends_on_id: number;
}

export interface HistoryTable {
  history_id: Generated<number>;
  block_id: number;
  task: string;
  result: string;
  insight: string;
  next_step: string;
  priority: number;
  tags: string;
  name: string | null;
  command: string | null;
  outcome: string;
  exit_code: number | null;
  duration_ms: number;
  attempts: number;
  last_error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number;
  /** the run the block belonged to (0005) */
  batch: Generated<string | null>;
  /** the import entry this row came from (0007) */
  import_key: Generated<string | null>;
  /** the host id its command ran on, where its log files are (0010) */
  host: Generated<string | null>;
}

/** Kept by triggers (0003): how many blocks are in each status. */
export interface BlockCountsTable {
  status: string;
  n: number;
}

/** One `workblock run` (0005). */
export interface RunsTable {
  id: string;
  name: string | null;
  file: string | null;
  created_at: number;
}

/** A pending `workblock kill` of one attempt of a running block (0005). */
export interface KillRequestsTable {
  block_id: number;
  attempt: number;
  /** 'fail' or 'requeue' */
  action: string;
  requested_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** Reusable blocks with placeholders (0006). */
export interface TemplatesTable {
  name: string;
  /** the block's fields as JSON */
  block: string;
  created_at: number;
}

/** Blocks queued every interval or on a cron expression (0006). */
export interface SchedulesTable {
  name: string;
  every_ms: number | null;
  cron: string | null;
  block: string;
  catch_up: Generated<string>;
  created_at: number;
}

/** One row per schedule and slot already queued: the primary key makes each occurrence once (0006). */
export interface ScheduleSlotsTable {
  schedule: string;
  slot: number;
  block_id: number | null;
}

export interface Database {
  blocks: BlocksTable;
  block_deps: BlockDepsTable;
  history: HistoryTable;
  settings: SettingsTable;
  block_counts: BlockCountsTable;
  kill_requests: KillRequestsTable;
  runs: RunsTable;
  templates: TemplatesTable;
  schedules: SchedulesTable;
  schedule_slots: ScheduleSlotsTable;
}

export type BlockRow = Selectable<BlocksTable>;
export type NewBlockRow = Insertable<BlocksTable>;
export type HistoryRow = Selectable<HistoryTable>;
export type NewHistoryRow = Insertable<HistoryTable>;
