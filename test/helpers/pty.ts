/** Runs the built CLI on a real pseudo-terminal (util-linux `script`) of a given width, as a user's terminal would. */
import { spawnSync } from 'node:child_process';
import { BIN, envFor } from './cli.js';

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

export function hasScript(): boolean {
  return spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
}

/**
 * stdout and stderr both reach the terminal, as on a screen; CRLF line ends are turned back into LF.
 * Like cli(), a command run in a tempDir gets that directory's database (WORKBLOCK_DB on postgres).
 */
export function cliInTerminal(args: string[], opts: { cwd: string; columns: number; env?: Record<string, string | undefined> }): { code: number | null; screen: string } {
  const command = `stty cols ${opts.columns} rows 50; exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: opts.cwd, env: envFor(opts), encoding: 'utf8', input: '' });
  if (r.error) throw r.error;
  return { code: r.status, screen: r.stdout.replace(/\r\n/g, '\n') };
}
