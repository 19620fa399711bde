/**
 * `workblock logs ID|NAME`: a command block's output. By default stdout and stderr together, attempt by
 * attempt, in the order they were written (format/log-view.ts); `--stdout` or `--stderr` prints one
 * file as the command wrote it.
 * On a terminal, control characters and escape sequences are shown as `\e[...` (a command's output
 * must not drive the terminal of whoever reads it); into a pipe or file, or with --raw, as written.
 * Logs stay on the executor's machine: a block that ran on another host says so on stderr.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { errFileFor, orderFileFor } from '../runner/log-files.js';
import { interleaveLogs, lastLines, parseSwitches } from '../format/log-view.js';
import { redactText } from '../redact.js';
import { visibleLine, visibleText } from '../format/terminal-text.js';
import type { Queue } from '../workblock.js';
import { withQueue, type GlobalArgs } from './context.js';
import { positiveInt } from './numbers.js';

interface LogsArgs extends GlobalArgs {
  ref?: string;
  run?: string;
  filter?: string;
  follow?: boolean;
  tail?: number;
  stdout?: boolean;
  stderr?: boolean;
  raw?: boolean;
}

/** Writes command output: as it is into a pipe or file (or with --raw), with its controls visible on a terminal. */
function show(out: NodeJS.WriteStream, text: string, raw: boolean): void {
  out.write(raw || !out.isTTY ? text : visibleText(text));
}

/** Opens a log for reading, never through a symlink someone put in its place; null when it does not exist. */
function openLog(file: string): number | null {
  try {
    return fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw new UsageError(`refusing to read ${file}: it is a symbolic link (remove it)`);
    throw e;
  }
}

/**
 * Copies a file's bytes past offset `from` to `out`, secrets masked; returns the new offset. Until
 * `final`, only whole lines are copied, so a secret is never split between two reads and masking
 * sees it whole. Masking at read time, with the block's env from the database, covers a command still
 * running; a finished command's files were already masked when it ended (runner/mask-log-file.ts).
 */
function copyFrom(file: string, from: number, out: NodeJS.WriteStream, env: Record<string, string>, final: boolean, raw: boolean): number {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size <= from) return from;
  const fd = openLog(file);
  if (fd === null) return from;
  try {
    const buf = Buffer.alloc(size - from);
    fs.readSync(fd, buf, 0, buf.length, from);
    const upto = final ? buf.length : buf.lastIndexOf(0x0a) + 1;
    if (upto > 0) show(out, redactText(buf.subarray(0, upto).toString('utf8'), env), raw);
    return from + upto;
  } finally {
    fs.closeSync(fd);
  }
}

function readOrEmpty(file: string): Buffer {
  const fd = openLog(file);
  if (fd === null) return Buffer.alloc(0);
  try {
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function compileFilter(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (e) {
    throw new UsageError(`bad --filter "${source}": ${(e as Error).message}`);
  }
}

/** Both streams attempt by attempt, in the order they were written (format/log-view.ts). */
function bothStreams(file: string): string {
  const switches = parseSwitches(readOrEmpty(orderFileFor(file)).toString('latin1'));
  return interleaveLogs(readOrEmpty(file), readOrEmpty(errFileFor(file)), switches);
}

/** The text to show of one block: both streams, or one; only matching lines with a filter. */
function pick(file: string, argv: LogsArgs, env: Record<string, string>, filter?: RegExp): string {
  const raw = argv.stdout ? readOrEmpty(file).toString('utf8') : argv.stderr ? readOrEmpty(errFileFor(file)).toString('utf8') : bothStreams(file);
  const text = redactText(raw, env);
  if (!filter) return text;
  const kept = text.split('\n').filter((line) => line !== '' && filter.test(line));
  return kept.length ? `${kept.join('\n')}\n` : '';
}

/** A queued block's env, to mask its secrets; a block in history no longer has one (its files were masked when it ended). */
async function envOf(q: Queue, id: number): Promise<Record<string, string>> {
  return (await q.list({ all: true, ids: [id] }))[0]?.env ?? {};
}

function hasLog(file: string): boolean {
  return fs.existsSync(file) || fs.existsSync(errFileFor(file));
}

/** "block #ID ran on HOST" when it ran on another machine (logs stay on the executor's machine), else null. */
async function ranElsewhere(q: Queue, id: number): Promise<string | null> {
  const where = await q.ranOn(id);
  return where && !where.here ? `block #${id} ${where.running ? 'runs' : 'ran'} on ${visibleLine(where.host)}` : null;
}

/** The id behind an id or name, queued or in history; an unknown one is an error, not "no output". */
export async function resolveLogRef(q: Queue, ref: string): Promise<number> {
  if (/^\d+$/.test(ref)) {
    const id = Number(ref);
    if ((await q.list({ all: true, ids: [id] })).length || (await q.history({ id, limit: 1 })).length) return id;
    throw new UsageError(`no block #${id} in this database: see \`workblock list --all\` or \`workblock history\``);
  }
  const queued = await q.list({ all: true, name: ref });
  if (queued.length) return queued[0].id;
  const past = await q.history({ name: ref, limit: 1 });
  if (past.length) return past[0].id;
  throw new UsageError(`no block named "${ref}" in this database: see \`workblock list --all\` or \`workblock history\``);
}

export const logsCommand: CommandModule<GlobalArgs, LogsArgs> = {
  command: 'logs [ref]',
  describe: "print a command block's output, stdout and stderr (--follow tails a running one)",
  builder: (y) =>
    y
      .positional('ref', { type: 'string', describe: 'block id or name' })
      .options({
        follow: { alias: 'f', type: 'boolean', describe: 'keep printing while the block runs (stdout to stdout, stderr to stderr)' },
        tail: { alias: 'n', type: 'string', describe: 'only the last N lines' },
        stdout: { type: 'boolean', describe: 'only its stdout' },
        stderr: { type: 'boolean', describe: 'only its stderr' },
        run: { type: 'string', describe: 'every block of this run, one after another' },
        filter: { type: 'string', describe: 'only lines matching this regular expression' },
        raw: { type: 'boolean', describe: 'on a terminal too, print escape sequences as written (colours)' },
      })
      .conflicts('stdout', 'stderr')
      .example('$0 logs 12 --follow', 'watch block 12')
      .example('$0 logs build --tail 20', 'the last 20 lines of the block named build')
      .example('$0 logs 12 --stderr', 'only what block 12 wrote to stderr')
      .example('$0 logs --run 1a2b3c4d --filter "FAIL|Error"', 'the failures of a whole run') as never,
  handler: async (argv) => {
    const tail = argv.tail === undefined ? undefined : positiveInt(argv.tail, '--tail');
    const filter = argv.filter === undefined ? undefined : compileFilter(argv.filter);
    if ((argv.ref === undefined) === (argv.run === undefined)) throw new UsageError('logs takes a block id or name, or --run ID: give one of them');
    if (argv.follow && (argv.run !== undefined || filter)) throw new UsageError('--follow shows one block as it runs: drop --run and --filter');
    await withQueue(
      argv,
      async (q) => {
        if (argv.run !== undefined) {
          for (const id of await q.runBlockIds(argv.run)) {
            const text = pick(q.logFile(id), argv, await envOf(q, id), filter);
            if (text) show(process.stdout, `==> #${id} <==\n${tail === undefined ? text : lastLines(text, tail)}`, !!argv.raw);
            const elsewhere = hasLog(q.logFile(id)) ? null : await ranElsewhere(q, id);
            if (elsewhere) process.stderr.write(`${elsewhere}; its log is on that machine\n`);
          }
          return;
        }
        const id = await resolveLogRef(q, String(argv.ref));
        const file = q.logFile(id);
        const errFile = errFileFor(file);
        const elsewhere = await ranElsewhere(q, id);
        if (!hasLog(file)) {
          if (elsewhere) return void process.stderr.write(`${elsewhere}; its log is on that machine\n`);
          return void process.stderr.write(`block #${id} has no output: it has no command, has not run yet, or its logs were pruned\n`);
        }
        // Read here anyway (a shared directory): still worth knowing where it ran.
        if (elsewhere) process.stderr.write(`${elsewhere}\n`);
        const env = await envOf(q, id);
        if (argv.follow) return follow(q, id, file, errFile, argv, env);
        const text = pick(file, argv, env, filter);
        show(process.stdout, tail === undefined ? text : lastLines(text, tail), !!argv.raw);
      },
      { readonly: true },
    );
  },
};

async function follow(q: Queue, id: number, file: string, errFile: string, argv: LogsArgs, env: Record<string, string>): Promise<void> {
  const streams = [
    ...(argv.stderr ? [] : [{ file, out: process.stdout, offset: 0 }]),
    ...(argv.stdout ? [] : [{ file: errFile, out: process.stderr, offset: 0 }]),
  ];
  const copyNew = (final: boolean) => streams.forEach((s) => (s.offset = copyFrom(s.file, s.offset, s.out, env, final, !!argv.raw)));
  const isRunning = async () => (await q.list({ all: true, ids: [id] })).some((b) => b.status === 'running');
  while (await isRunning()) {
    copyNew(false);
    await sleep(200);
  }
  copyNew(true);
}
