/** `show` output: one block's fields, one per line (multi-line values indented), as TSV, or JSON. */
import type { HistoryEntry, WorkBlock } from '../queue/types.js';
import { blockJson } from './block-list.js';
import { shortDuration } from './duration.js';
import { historyJson } from './history-list.js';
import { printJson, printLine, useColor } from './output.js';
import type { OutputFormat } from './table.js';
import { tsvField, visibleText } from './terminal-text.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as one cell: lists joined, objects (env, a command's argv form) as NAME=value lines or JSON. */
function shown(v: unknown): string {
  if (Array.isArray(v)) return v.join(', ');
  if (isPlainObject(v)) return Object.entries(v).map(([k, x]) => `${k}=${typeof x === 'string' ? x : JSON.stringify(x)}`).join('\n');
  return String(v);
}

function printFields(record: Record<string, unknown>, format: OutputFormat): void {
  if (format === 'json') return printJson(record);
  const fields = Object.entries(record)
    .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && !v.length) && !(isPlainObject(v) && !Object.keys(v).length))
    .map(([k, v]) => [k, shown(v)] as const);
  if (format === 'tsv') return printLine(['field\tvalue', ...fields.map(([k, v]) => `${k}\t${tsvField(v)}`)].join('\n'));
  // A person reads "timeout 5 min", not "timeout_ms 300000" (TSV and JSON keep the field's milliseconds).
  const readable = fields.map(([k, v]) => (k.endsWith('_ms') && /^\d+(\.\d+)?$/.test(v) ? ([k.slice(0, -3), shortDuration(Number(v))] as const) : ([k, v] as const)));
  // Values are shown whole (a result can be pages of markdown); lines after the first are indented.
  const width = Math.max(...readable.map(([k]) => k.length));
  const bold = useColor() ? (k: string) => `\x1b[1m${k}\x1b[22m` : (k: string) => k;
  const lines = readable.map(([k, v]) => `${bold(k.padEnd(width))}  ${visibleText(v).replace(/\r?\n/g, `\n${' '.repeat(width + 2)}`)}`);
  printLine(lines.join('\n'));
}

/** The record with `host` (where it runs or ran, so where its logs are; null if it never ran) after `key`. */
function withHost(record: Record<string, unknown>, key: string, host: string | null): Record<string, unknown> {
  const entries = Object.entries(record);
  const at = entries.findIndex(([k]) => k === key) + 1;
  return Object.fromEntries([...entries.slice(0, at), ['host', host], ...entries.slice(at)]);
}

export function printBlock(b: WorkBlock, format: OutputFormat, host: string | null = null): void {
  printFields(withHost(blockJson(b), 'status', host), format);
}

export function printHistoryEntry(h: HistoryEntry, format: OutputFormat, host: string | null = null): void {
  printFields(withHost(historyJson(h), 'outcome', host), format);
}
