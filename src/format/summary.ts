/** The result of an execute or run: a table and a one-line total, or the JSON summary. */
import type { BlockReport, ExecuteSummary } from '../queue/types.js';
import { summaryRecord } from '../schema/records.js';
import { printJson, printLine } from './output.js';
import { renderTable, type Column } from './table.js';
import { shortDuration } from './time.js';

/** The JSON shape shared by `execute --json`, `run --json` and `--report` (schema/records.ts); execute adds `interrupted`. */
export function summaryJson(s: ExecuteSummary | ExecuteCounts) {
  return 'interrupted' in s ? { ...summaryRecord(s), interrupted: s.interrupted } : summaryRecord(s);
}

/** execute's summary: blocks stopped before their command finished are counted apart, not as executed. */
export interface ExecuteCounts extends ExecuteSummary {
  interrupted: number;
}

/**
 * A block stopped by Ctrl-C went back to pending: it did not execute, as `run` counts it `not_run`.
 * The reports hold every interrupted block (ReportTally drops only successes), so the count is complete.
 */
export function countInterruptedApart(s: ExecuteSummary): ExecuteCounts {
  const interrupted = s.blocks.filter((b) => b.status === 'interrupted').length;
  return { ...s, executed: s.executed - interrupted, interrupted };
}

/**
 * Beyond this many blocks the table shows only the ones that did not succeed (10,000 rows help nobody).
 * An execute that prints the table keeps every report only up to this many, then only those that did
 * not succeed (see ReportTally), so `blocks` may hold fewer than `executed`.
 */
export const TABLE_MAX = 50;

export function printSummary(s: ExecuteSummary | ExecuteCounts, json: boolean): void {
  if (json) return printJson(summaryJson(s));
  const interrupted = 'interrupted' in s ? s.interrupted : 0;
  const reported = s.executed + interrupted;
  const complete = s.blocks.length === reported;
  const shown = complete && s.blocks.length <= TABLE_MAX ? s.blocks : s.blocks.filter((b) => b.status !== 'success').slice(0, TABLE_MAX);
  if (shown.length) {
    const columns: Array<Column<BlockReport>> = [
      { head: 'id', cell: (b) => b.id, align: 'right' },
      { head: 'task', cell: (b) => (b.name && b.name !== b.task ? `${b.name}: ${b.task}` : b.task), shrink: true },
      { head: 'outcome', cell: (b) => b.status },
      { head: 'duration', cell: (b) => shortDuration(b.durationMs), align: 'right' },
      { head: 'exit / error', cell: (b) => b.error ?? b.exitCode ?? '', shrink: true },
    ];
    printLine(renderTable(columns, shown));
  }
  if (shown.length < reported) printLine(`(${reported - shown.length} more not shown: --json lists every block)`);
  const stopped = interrupted ? `; ${interrupted} interrupted (back to pending)` : '';
  printLine(`Executed ${s.executed}: ${s.successful} succeeded, ${s.failed} failed in ${shortDuration(s.duration)}${stopped}`);
}

export function summaryMarkdown(s: ExecuteSummary): string {
  const lines = [`# workblock run: ${s.success ? 'success' : 'failed'}`, '', `Executed ${s.executed}: ${s.successful} succeeded, ${s.failed} failed in ${shortDuration(s.duration)}.`, '', '| id | task | outcome | duration | exit / error |', '|---|---|---|---|---|'];
  for (const b of s.blocks) lines.push(`| ${b.id} | ${(b.name && b.name !== b.task ? `${b.name}: ` : '') + b.task.replace(/\|/g, '\\|')} | ${b.status} | ${shortDuration(b.durationMs)} | ${(b.error ?? String(b.exitCode ?? '')).replace(/\|/g, '\\|')} |`);
  return `${lines.join('\n')}\n`;
}
