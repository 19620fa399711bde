/** `status` output: counts, running blocks with elapsed time, and history's success rate. */
import { commandText } from '../queue/rows.js';
import type { QueueStatus } from '../queue/status.js';
import { redactText } from './redact.js';
import { clip, renderTable } from './table.js';
import { shortDuration } from './time.js';

export function statusJson(s: QueueStatus, now = Date.now()) {
  return {
    counts: s.counts,
    running: s.running.map((b) => ({ id: b.id, task: b.task, command: b.command ? redactText(commandText(b.command), b.env) : null, elapsed_ms: now - (b.startedAt ?? now), attempts: b.attempts })),
    history: { total: s.history.total, successful: s.history.successful, success_rate: s.history.successRate, average_ms: s.history.averageMs === null ? null : Math.round(s.history.averageMs) },
    paused: s.paused,
  };
}

export function statusText(s: QueueStatus, now = Date.now()): string {
  const c = s.counts;
  const lines = [`pending ${c.pending}  retry ${c.retry}  running ${c.running}  failed ${c.failed}  blocked ${c.blocked}`];
  if (s.paused.all) lines.push('paused: execute claims nothing (`workblock resume`)');
  else if (s.paused.tags.length) lines.push(`paused tags: ${s.paused.tags.join(', ')}`);
  const h = s.history;
  lines.push(h.total ? `history: ${h.total} ran, ${((h.successRate ?? 0) * 100).toFixed(1)}% succeeded, average ${shortDuration(h.averageMs ?? 0)}` : 'history: nothing ran yet');
  if (s.running.length) {
    const rows = s.running.map((b) => [b.id, clip(b.task, 40), clip(redactText(commandText(b.command), b.env), 40), shortDuration(now - (b.startedAt ?? now))]);
    lines.push(renderTable(['id', 'task', 'command', 'elapsed'], rows));
  }
  return lines.join('\n');
}
