/**
 * node:child_process's spawn, loaded on first use. With what it pulls in (net, dgram, the stream
 * classes) the module costs every start-up a few ms, and an execute of blocks without a command, the
 * usual case for several executors sharing a queue, never starts a process.
 */
import { createRequire } from 'node:module';

type ChildProcessModule = typeof import('node:child_process');

const load = createRequire(import.meta.url);

export const spawn: ChildProcessModule['spawn'] = ((...args: Parameters<ChildProcessModule['spawn']>) =>
  (load('node:child_process') as ChildProcessModule).spawn(...args)) as ChildProcessModule['spawn'];
