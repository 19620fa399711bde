/** `history` output: what ran, newest first. */
import { historyRecord } from '../schema/records.js';
import type { HistoryEntry } from '../queue/types.js';
import { printJson, printLine } from './output.js';
import { renderTable, renderTsv, type Column, type OutputFormat } from './table.js';
import { ago, shortDuration } from './time.js';

/** A history entry in the JSON vocabulary (schema/records.ts), secrets redacted. */
export function historyJson(h: HistoryEntry) {
  return historyRecord(h, 'redact');
}

const historyColumns: Array<Column<HistoryEntry>> = [
  { head: 'id', cell: (h) => h.id, align: 'right' },
  { head: 'task', cell: (h) => h.task, shrink: true },
  { head: 'outcome', cell: (h) => h.outcome },
  { head: 'duration', cell: (h) => shortDuration(h.durationMs), raw: (h) => h.durationMs, rawHead: 'duration_ms', align: 'right' },
  { head: 'finished', cell: (h) => ago(h.finishedAt), raw: (h) => new Date(h.finishedAt).toISOString(), rawHead: 'finished_at' },
];

export function printHistory(entries: HistoryEntry[], format: OutputFormat): void {
  if (format === 'json') return printJson(entries.map(historyJson));
  if (format === 'tsv') return printLine(renderTsv(historyColumns, entries));
  printLine(`History: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`);
  if (!entries.length) return;
  printLine(renderTable(historyColumns, entries));
}
