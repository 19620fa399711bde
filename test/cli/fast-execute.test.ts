/**
 * `execute` first tries a small bundle that reads its options with yargs-parser instead of building
 * the full yargs CLI (fast-execute.ts). What it accepts it must read exactly as the full CLI reads
 * it; what it declines goes to the full CLI. Each form below goes through both parsers; yargs is set
 * up as main.ts sets it up (global --db and --debug, populate--, strict, failures thrown).
 */
import yargs, { type CommandModule } from 'yargs';
import { describe, expect, it } from 'vitest';
import { executeCommand, executeOptions, type ExecuteArgs } from '../../src/cli/execute.js';
import { parseFastExecute } from '../../src/cli/fast-execute.js';
import { onPostgres } from '../helpers/backend.js';

const KEYS = ['n', 'db', 'debug', ...Object.keys(executeOptions)];

/** The values the handler reads, undefined ones left out. */
function handlerView(args: object): Record<string, unknown> {
  return Object.fromEntries(KEYS.map((k) => [k, (args as Record<string, unknown>)[k]]).filter(([, v]) => v !== undefined));
}

/** What the full CLI's yargs hands execute's handler, or its error. */
async function viaYargs(args: string[]): Promise<Record<string, unknown> | Error> {
  let got: ExecuteArgs | undefined;
  const command = { ...executeCommand, handler: (a: ExecuteArgs) => void (got = a) } as unknown as CommandModule;
  try {
    await yargs(['execute', ...args])
      .parserConfiguration({ 'populate--': true })
      .options({ db: { type: 'string', global: true }, debug: { type: 'boolean', global: true } })
      .command(command)
      .strict()
      .help()
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .parseAsync();
  } catch (e) {
    return e as Error;
  }
  return handlerView(got!);
}

// The forms users and scripts write, and the corners of yargs-parser: numbers that must stay text,
// short option groups, negation, repeated and empty values.
const ACCEPTED = [
  [],
  ['5'],
  ['all'],
  ['1e3'],
  ['0x10'],
  ['007'],
  ['-c', '2'],
  ['-c2'],
  ['--concurrency=3'],
  ['--concurrency', ''],
  ['--json'],
  ['--no-json'],
  ['--json', 'false'],
  ['--json=false'],
  ['--json', '5'],
  ['-q'],
  ['-qc', '2'],
  ['--tag', 'a', '-t', 'b'],
  ['--tag', 'a', 'b'],
  ['-t', 'x', '7'],
  ['--logger', 'jsonl', '--logger=markdown'],
  ['-l', 'none', '3'],
  ['--max-time', '10m'],
  ['--max-time=10m', '--wait'],
  ['--if-pending', '5', '--max-age', '2h'],
  ['--db', 'x.db', '3'],
  ['--db=postgres://u@localhost/db', '--debug'],
  ['--notify', 'exec:prog,on=failure'],
  ['--until-empty', '--abort-on-failure'],
  ['--dry-run', '--json'],
  ['3', '--quiet'],
  ['-c', '2', '-c', '3'],
  ['--db', 'a', '--db', 'b'],
  ['-c', '2', '--', '5'],
];
const DECLINED = [['--help'], ['-h'], ['--version'], ['5', '6'], ['--bogus'], ['-x'], ['-5'], ['-'], ['--', '5'], ['--dryRun']];

// (Parsing only: the same whatever the queue's backend, so SQLite's run covers it.)
describe.skipIf(onPostgres)('the fast execute path', () => {
  it('reads every form it accepts as the full CLI does', async () => {
    const accepted: string[][] = [];
    for (const args of [...ACCEPTED, ...DECLINED]) {
      const fast = parseFastExecute(['execute', ...args]);
      if (!fast) continue;
      accepted.push(args);
      const full = await viaYargs(args);
      expect(full instanceof Error ? `yargs failed: ${full.message}` : full, args.join(' ')).toEqual(handlerView(fast));
    }
    // (Declining is always safe: the full CLI answers. These are the forms worth the fast path.)
    expect(accepted).toEqual(ACCEPTED.filter((a) => !a.includes('--')));
  });

  it('takes the alias exec, and nothing that is not execute', () => {
    expect(parseFastExecute(['exec', '2'])).toMatchObject({ n: '2' });
    expect(parseFastExecute(['list', '2'])).toBeNull();
    expect(parseFastExecute(['add', 'x'])).toBeNull();
  });
});
