/** `--notify` for execute and run: parse the specs up front, send one summary at the end, report failures. */
import { redactText } from '../redact.js';
import type { ExecuteResult } from '../worker/executor.js';
import { parseNotifySpecs, type NotifySpec } from '../notify/spec.js';
import type { RunIdentity } from '../notify/summary.js';
import type { Queue } from '../workblock.js';
import type { ExecuteSummary } from '../queue/types.js';
import { setExitCode } from './context.js';

export const notifyOption = {
  notify: {
    type: 'string',
    array: true,
    describe: 'after the run, notify TARGET[,on=failure|completion|always]: webhook:URL, discord:URL, slack:URL, exec:PROGRAM (repeatable; default from config)',
  },
} as const;

/** Bad specs fail here, before the database is touched (exit 2). */
export function parseNotifyArgs(specs: Array<string | number> | undefined): NotifySpec[] | undefined {
  return specs === undefined ? undefined : parseNotifySpecs(specs.map(String));
}

/**
 * Runs after the summary is printed and the blocks are settled: a notification that fails only adds
 * a line on stderr and exit 1, it never changes what completed.
 */
export async function notifyOutcome(q: Queue, given: NotifySpec[] | undefined, summary: ExecuteSummary, result: ExecuteResult, run: RunIdentity): Promise<void> {
  const specs = given ?? parseNotifySpecs(await q.defaultNotifySpecs());
  // A heartbeat execute that found nothing to do is not news; a run always is, even one Ctrl-C
  // stopped before any of its commands finished (it counts nothing as executed).
  if (!specs.length || (run.event === 'execute' && !summary.executed)) return;
  const [{ sendNotifications }, { notifySummary }] = await Promise.all([import('../notify/send.js'), import('../notify/summary.js')]);
  const failures = await sendNotifications(specs, notifySummary(summary, run, result.interruptedBy));
  for (const err of failures) process.stderr.write(`workblock: notification ${redactText(err.message)}\n`);
  if (failures.length) setExitCode(1);
}
