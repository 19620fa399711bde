/** What every command shares: global options and opening/closing the queue around a handler. */
import { translateSqliteError } from '../db/sqlite-errors.js';
import { openQueue, type Queue } from '../workblock.js';

export interface GlobalArgs {
  db?: string;
  debug?: boolean;
}

/** The options every command takes (the full CLI declares them global; the fast paths read them too). */
export const globalOptions = {
  db: { type: 'string', describe: 'database: a SQLite file or a postgres:// URL (default $WORKBLOCK_DB or ./data/workblocks.db)' },
  debug: { type: 'boolean', describe: 'show stack traces for errors' },
} as const;

/** Opens the queue, runs `work`, and always closes it so the WAL is checkpointed cleanly. */
export async function withQueue<T>(argv: GlobalArgs, work: (q: Queue) => Promise<T>, opts: { readonly?: boolean; migrate?: boolean; upgrade?: boolean } = {}): Promise<T> {
  const queue = await openQueue({ db: argv.db, readonly: opts.readonly, migrate: opts.migrate, upgrade: opts.upgrade });
  // A command run in the wrong directory would otherwise start a second queue without a word.
  if (queue.created) process.stderr.write(`workblock: created a new queue at ${queue.path}\n`);
  try {
    return await work(queue);
  } catch (e) {
    // A busy, read-only or corrupt database surfaces mid-command too: name it the same way.
    throw translateSqliteError(e, queue.path);
  } finally {
    await queue.close();
  }
}

/** Exit code for the process without cutting output short (no process.exit in handlers). */
export function setExitCode(code: number): void {
  if (code > Number(process.exitCode ?? 0)) process.exitCode = code;
}
