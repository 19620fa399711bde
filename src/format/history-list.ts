/** `history` output: what ran, newest first. */
import { historyRecord } from '../schema/records.js';
import type { HistoryEntry } from '../queue/types.js';
import { printJson, printLine } from './output.js';
import { clip, renderTable } from './table.js';
import { ago, shortDuration } from './time.js';

/** A history entry in the JSON vocabulary (schema/records.ts), secrets redacted. */
export function historyJson(h: HistoryEntry) {
  return historyRecord(h, 'redact');
}

export function printHistory(entries: HistoryEntry[], json: boolean): void {
  if (json) return printJson(entries.map(historyJson));
  printLine(`History: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`);
  if (!entries.length) return;
  printLine(renderTable(['id', 'task', 'outcome', 'duration', 'finished'], entries.map((h) => [h.id, clip(h.task), h.outcome, shortDuration(h.durationMs), ago(h.finishedAt)])));
}
