/** Runs the built CLI as a child process against a temp directory, the way users run it. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assignDatabase, databaseFor } from './backend.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'workblock.cjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  input?: string;
  env?: Record<string, string | undefined>;
}

/**
 * A fresh temp dir; the default database lands in <dir>/data/workblocks.db, or on the postgres
 * backend in a new database that commands run in this dir get as WORKBLOCK_DB.
 */
export function tempDir(prefix = 'wb-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  assignDatabase(dir);
  return dir;
}

/** The environment a command run in `cwd` gets: the backend's database, then the test's own values. */
export function envFor(opts: CliOptions): NodeJS.ProcessEnv {
  return cliEnv({ WORKBLOCK_DB: databaseFor(opts.cwd), ...opts.env });
}

export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', WORKBLOCK_DB: undefined, WORKBLOCK_DEBUG: undefined, ...extra };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

export function cli(args: string[], opts: CliOptions): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, input: opts.input ?? '', env: envFor(opts), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Like cli() but asserts exit 0 and returns stdout, with stderr in the error when it fails. */
export function ok(args: string[], opts: CliOptions): string {
  const r = cli(args, opts);
  if (r.code !== 0) throw new Error(`workblock ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** Starts the CLI without waiting, for tests that signal or race it. */
export function startCli(args: string[], opts: CliOptions): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: envFor(opts), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function waitExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => (stdout += c));
  child.stderr?.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export function dbPath(dir: string): string {
  return path.join(dir, 'data', 'workblocks.db');
}
