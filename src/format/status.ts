/** `status` output: counts, running blocks with elapsed time, and history's success rate. */
import { commandText } from '../queue/rows.js';
import type { QueueStatus } from '../queue/status.js';
import { redactText } from './redact.js';
import { renderTable, type Column } from './table.js';
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
    const columns: Array<Column<QueueStatus['running'][number]>> = [
      { head: 'id', cell: (b) => b.id, align: 'right' },
      { head: 'task', cell: (b) => b.task, shrink: true },
      { head: 'command', cell: (b) => redactText(commandText(b.command), b.env), shrink: true },
      { head: 'elapsed', cell: (b) => shortDuration(now - (b.startedAt ?? now)), align: 'right' },
    ];
    lines.push(renderTable(columns, s.running));
  }
  return lines.join('\n');
}

/** `status --format tsv`: one `name<TAB>value` line per figure, for scripts. */
export function statusTsv(s: QueueStatus): string {
  const h = s.history;
  const figures: Array<[string, string | number]> = [
    ...Object.entries(s.counts),
    ['paused', s.paused.all ? 'all' : s.paused.tags.join(',')],
    ['history_total', h.total],
    ['history_successful', h.successful],
    ['success_rate', h.successRate ?? ''],
    ['average_ms', h.averageMs === null ? '' : Math.round(h.averageMs)],
  ];
  return ['name\tvalue', ...figures.map(([k, v]) => `${k}\t${v}`)].join('\n');
}
