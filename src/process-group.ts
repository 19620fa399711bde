/** Signalling a whole process group (a command, a logger and their children); shared by every layer that stops one. */
import fs from 'node:fs';

/** Sends `signal` (0 tests for members) to the group led by `pgid`; false when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** Whether process `pid` exists (EPERM: it does, and belongs to someone else). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The first line of a spawner's script (its shell's -c argument): recovery knows its process groups by it. */
export const SPAWNER_MARK = '# workblock-spawner';

/** The $0 spawners ran under before their script began with SPAWNER_MARK: an executor killed across an upgrade leaves those. */
const EARLIER_SPAWNER_NAME = 'workblock-spawner';

/**
 * Whether the process group `pgid` is still the one a dead executor (`executorPid`) recorded for block
 * `blockId`'s command. The number may belong to someone else by the time its blocks are recovered
 * (after a reboot, or once the command ended and the number was reused): that group must not be
 * signalled. Ours when its leader is that executor's spawner (its shell's arguments: -c SCRIPT
 * /bin/sh LOGS TOKENS EXECUTOR_PID, the script starting with SPAWNER_MARK), or, the leader gone (killed along with the executor),
 * when a member still carries the block's WORKBLOCK_ID. Without /proc to tell, it is taken to be ours.
 */
export function isCommandGroup(pgid: number, executorPid: number | null, blockId: number): boolean {
  if (!fs.existsSync('/proc/self')) return true;
  const leader = readProc(pgid, 'cmdline'); // ('' for a zombie)
  if (leader) {
    const args = leader.split('\0');
    const spawner = args[1] === '-c' && (args[2].startsWith(SPAWNER_MARK) || args[3] === EARLIER_SPAWNER_NAME);
    return spawner && (executorPid === null || args[6] === String(executorPid));
  }
  const mark = `\0WORKBLOCK_ID=${blockId}\0`;
  return (groupMembers(pgid) ?? []).some((pid) => `\0${readProc(pid, 'environ') ?? ''}`.includes(mark));
}

/** The live processes in group `pgid` (zombies are over), or null without /proc to tell. */
export function groupMembers(pgid: number): number[] | null {
  if (!fs.existsSync('/proc/self')) return null;
  const members: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    // stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses, so split after its last ")".
    const stat = readProc(Number(name), 'stat');
    const [state, , pgrp] = stat?.slice(stat.lastIndexOf(')') + 2).split(' ') ?? [];
    if (pgrp === String(pgid) && state !== 'Z') members.push(Number(name));
  }
  return members;
}

/** A /proc/PID file, or null when the process is gone or not ours to read. */
function readProc(pid: number, file: string): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}
