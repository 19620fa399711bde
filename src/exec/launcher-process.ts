/**
 * The launcher: a small child process that spawns commands for the executor. Forking from the big
 * executor (SQLite, Kysely, its heap) costs it page-table copies and post-fork page faults on every
 * command; from here the fork is as cheap as a plain Node loop's, and runs while the executor does
 * its database work. Messages in: run, kill. Messages out: started, done.
 */
import { runCommand, type RunningCommand } from './run-command.js';
import type { LauncherRequest, LauncherReply } from './launcher-protocol.js';

const running = new Map<number, RunningCommand>();
const send = (reply: LauncherReply) => process.send?.(reply);

// Ctrl-C reaches the whole foreground process group; only the executor decides what to stop.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);

process.on('message', (msg: LauncherRequest) => {
  if (msg.type === 'run') {
    const handle = runCommand(msg.block, msg.logPath);
    running.set(msg.block.id, handle);
    send({ type: 'started', id: msg.block.id, pid: handle.pid ?? null });
    void handle.done.then((outcome) => {
      running.delete(msg.block.id);
      send({ type: 'done', id: msg.block.id, outcome, interrupted: handle.interrupted });
    });
  } else if (msg.type === 'kill') {
    running.get(msg.id)?.kill(msg.signal);
  }
});

// The executor is gone (finished or killed): nothing more will be asked. Running commands are left to
// recovery, which kills an orphan's process group before its block runs again.
process.on('disconnect', () => process.exit(0));
