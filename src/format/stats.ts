/** Aggregates finished blocks into counts, success rate, durations and retries; renders text, JSON or Prometheus. */
import type { StatsRow } from '../store/stats.js';
import { printLine } from './output.js';
import { gridColumns, renderTable } from './table.js';
import { shortDuration } from './time.js';

export interface StatsGroup {
  total: number;
  successful: number;
  failed: number;
  /** successful / total, 0..1; null when nothing finished */
  success_rate: number | null;
  avg_ms: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  /** attempts beyond the first, summed */
  retries: number;
}

export interface Stats extends StatsGroup {
  since: string | null;
  by_tag: Array<StatsGroup & { tag: string }>;
  by_run: Array<StatsGroup & { run: string; name: string | null }>;
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function groupStats(rows: StatsRow[]): StatsGroup {
  const durations = rows.map((r) => r.durationMs).sort((a, b) => a - b);
  const successful = rows.filter((r) => r.outcome === 'success').length;
  return {
    total: rows.length,
    successful,
    failed: rows.length - successful,
    success_rate: rows.length ? successful / rows.length : null,
    avg_ms: rows.length ? Math.round(durations.reduce((a, b) => a + b, 0) / rows.length) : null,
    p50_ms: percentile(durations, 50),
    p95_ms: percentile(durations, 95),
    retries: rows.reduce((n, r) => n + Math.max(0, r.attempts - 1), 0),
  };
}

function groupBy(rows: StatsRow[], keys: (r: StatsRow) => string[]): Map<string, StatsRow[]> {
  const groups = new Map<string, StatsRow[]>();
  for (const r of rows) for (const k of keys(r)) groups.set(k, [...(groups.get(k) ?? []), r]);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

export function computeStats(rows: StatsRow[], since: number | null): Stats {
  return {
    since: since === null ? null : new Date(since).toISOString(),
    ...groupStats(rows),
    by_tag: [...groupBy(rows, (r) => r.tags)].map(([tag, g]) => ({ tag, ...groupStats(g) })),
    by_run: [...groupBy(rows, (r) => (r.run ? [r.run] : []))].map(([run, g]) => ({ run, name: g[0].runName ?? null, ...groupStats(g) })),
  };
}

const pct = (rate: number | null): string => (rate === null ? '-' : `${(rate * 100).toFixed(1)}%`);
const dur = (ms: number | null): string => (ms === null ? '-' : shortDuration(ms));

export function printStatsText(s: Stats): void {
  if (!s.total) return printLine(`No finished blocks${s.since ? ` since ${s.since}` : ''}: run some with \`workblock execute\``);
  const row = (label: string, g: StatsGroup) => [label, g.total, g.successful, g.failed, pct(g.success_rate), dur(g.avg_ms), dur(g.p50_ms), dur(g.p95_ms), g.retries];
  const rows = [row('all', s), ...s.by_tag.map((g) => row(`tag ${g.tag}`, g)), ...s.by_run.map((g) => row(`run ${g.run}${g.name ? ` (${g.name})` : ''}`, g))];
  printLine(renderTable(gridColumns(['', 'total', 'ok', 'failed', 'success', 'avg', 'p50', 'p95', 'retries']), rows));
}

/** Prometheus text exposition: one gauge family per measure, labelled by tag or run. */
export function statsPrometheus(s: Stats): string {
  const out: string[] = [];
  const families: Array<[string, string, (g: StatsGroup) => number | null]> = [
    ['workblock_blocks_finished', 'finished blocks in the window', (g) => g.total],
    ['workblock_blocks_succeeded', 'blocks that succeeded in the window', (g) => g.successful],
    ['workblock_blocks_failed', 'blocks that failed in the window', (g) => g.failed],
    ['workblock_success_ratio', 'succeeded / finished', (g) => g.success_rate],
    ['workblock_duration_avg_seconds', 'average command duration', (g) => seconds(g.avg_ms)],
    ['workblock_duration_p50_seconds', 'median command duration', (g) => seconds(g.p50_ms)],
    ['workblock_duration_p95_seconds', '95th percentile command duration', (g) => seconds(g.p95_ms)],
    ['workblock_retries', 'attempts beyond the first', (g) => g.retries],
  ];
  for (const [name, help, value] of families) {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    const emit = (labels: string, g: StatsGroup) => {
      const v = value(g);
      if (v !== null) out.push(`${name}${labels} ${v}`);
    };
    emit('', s);
    for (const g of s.by_tag) emit(`{tag="${escapeLabel(g.tag)}"}`, g);
    for (const g of s.by_run) emit(`{run="${escapeLabel(g.run)}"}`, g);
  }
  return `${out.join('\n')}\n`;
}

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);
const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
