/** `show` output: one block's fields as a two-column table, or JSON. */
import type { HistoryEntry, WorkBlock } from '../queue/types.js';
import { blockJson } from './block-list.js';
import { historyJson } from './history-list.js';
import { printJson, printLine } from './output.js';
import { renderTable } from './table.js';

function printFields(record: Record<string, unknown>): void {
  const rows = Object.entries(record)
    .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]);
  printLine(renderTable(['field', 'value'], rows));
}

export function printBlock(b: WorkBlock, json: boolean): void {
  const record = blockJson(b);
  if (json) return printJson(record);
  printFields(record);
}

export function printHistoryEntry(h: HistoryEntry, json: boolean): void {
  const record = historyJson(h);
  if (json) return printJson(record);
  printFields(record);
}
