/**
 * The launcher: a small child process that spawns commands for the executor. Forking from the big
 * executor (SQLite, Kysely, its heap) costs it page-table copies and post-fork page faults on every
 * command; from here the fork is as cheap as a plain Node loop's. It keeps its own queue, so the next
 * command starts as soon as one ends while the executor does its database work in parallel.
 */
import { runCommand, type RunningCommand } from './run-command.js';
import type { LauncherRequest, LauncherReply } from './launcher-protocol.js';

type Run = Extract<LauncherRequest, { type: 'run' }>;

let slots = 1;
/**
 * A command still running this long after its start is reported with its pid (which the executor
 * records for recovery). Shorter ones are reported only when done: one message per block instead of
 * two, and no extra transaction in the executor. An executor that dies meanwhile is covered below.
 */
const STARTED_NOTE_MS = 20;
const queue: Run[] = [];
const running = new Map<number, RunningCommand>();
const send = (reply: LauncherReply) => process.send?.(reply);

// Ctrl-C reaches the whole foreground process group; only the executor decides what to stop.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);

function startQueued(): void {
  while (running.size < slots && queue.length) {
    const { block, logPath } = queue.shift()!;
    const handle = runCommand(block, logPath);
    running.set(block.id, handle);
    const note = setTimeout(() => send({ type: 'started', id: block.id, pid: handle.pid ?? null }), STARTED_NOTE_MS);
    void handle.done.then((outcome) => {
      clearTimeout(note);
      running.delete(block.id);
      startQueued(); // the next command first: the executor can learn of this one while it runs
      send({ type: 'done', id: block.id, outcome, interrupted: handle.interrupted });
    });
  }
}

/** Removes a block that has not started yet; true if it was still queued. */
function takeBack(id: number): boolean {
  const at = queue.findIndex((r) => r.block.id === id);
  if (at < 0) return false;
  queue.splice(at, 1);
  send({ type: 'cancelled', id });
  return true;
}

process.on('message', (msg: LauncherRequest) => {
  if (msg.type === 'run') {
    slots = Math.max(1, msg.slots);
    queue.push(msg);
    startQueued();
  } else if (msg.type === 'cancel') {
    takeBack(msg.id);
  } else if (!takeBack(msg.id)) {
    running.get(msg.id)?.kill(msg.signal);
  }
});

// The executor is gone: nothing more will be asked. A finished executor leaves nothing running; one that
// was killed left its blocks to recovery, which reruns them, so their commands must not go on meanwhile.
// (Recovery kills them too, from the pids recorded, in case this process was killed along with it.)
process.on('disconnect', () => {
  running.forEach((handle) => handle.kill('SIGKILL'));
  process.exit(0);
});
