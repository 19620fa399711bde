/**
 * Tables as pueue and task-spooler print them: a header, then one line per row, columns aligned with
 * two spaces and no borders, so grep, cut and awk see plain text. On a terminal the table fits its
 * width by cutting the columns marked `shrink` (task, command, error) with an ellipsis; the header is
 * bold when colour is on. `--format tsv` prints the same columns untruncated, tab-separated.
 */
import { displayWidth, pad, truncate } from './display-width.js';
import { useColor } from './output.js';
import { tsvField, visibleLine } from './terminal-text.js';

export type OutputFormat = 'table' | 'tsv' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'tsv', 'json'];

export interface Column<R> {
  head: string;
  /** The cell as a table shows it. */
  cell: (row: R) => string | number;
  /** The cell for TSV when a script wants something else (an ISO time instead of "3 minutes ago"). */
  raw?: (row: R) => string | number;
  /** The TSV header when `raw` makes it a different field (created_at for "age"). */
  rawHead?: string;
  /** Cut to fit the terminal: the long free-text columns. */
  shrink?: boolean;
  align?: 'right';
}

const GAP = 2;
/** A shrinking column keeps at least this many columns, even when the table then overflows. */
const MIN_SHRUNK = 12;

/** The width to fit: the terminal's columns, or $COLUMNS when output is not a terminal (else unbounded). */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  if (stream.isTTY && stream.columns) return stream.columns;
  const fromEnv = Number(process.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Infinity;
}

/**
 * Widths for the shrinking columns: the space the others leave, shared so that a short column keeps
 * its natural width and the long ones split the rest evenly (water-filling).
 */
function fitWidths(natural: number[], shrink: boolean[], width: number): number[] {
  const fixed = natural.reduce((sum, w, i) => sum + (shrink[i] ? 0 : w), 0) + GAP * (natural.length - 1);
  const total = natural.reduce((a, b) => a + b, 0) + GAP * (natural.length - 1);
  if (total <= width) return natural;
  const flexible = natural.map((w, i) => ({ w, i })).filter((c) => shrink[c.i]).sort((a, b) => a.w - b.w);
  const out = [...natural];
  let left = Math.max(0, width - fixed);
  flexible.forEach((c, k) => {
    const share = Math.floor(left / (flexible.length - k));
    out[c.i] = Math.max(Math.min(c.w, share), Math.min(c.w, MIN_SHRUNK));
    left -= out[c.i];
  });
  return out;
}

export function renderTable<R>(columns: Array<Column<R>>, rows: R[], width = terminalWidth()): string {
  const cells = rows.map((r) => columns.map((c) => visibleLine(String(c.cell(r)))));
  const natural = columns.map((c, i) => Math.max(displayWidth(c.head), ...cells.map((row) => displayWidth(row[i]))));
  const widths = fitWidths(natural, columns.map((c) => !!c.shrink), width);
  const line = (row: string[]) => row.map((text, i) => pad(truncate(text, widths[i]), widths[i], columns[i].align)).join(' '.repeat(GAP)).trimEnd();
  const head = line(columns.map((c) => c.head));
  return [useColor() ? `\x1b[1m${head}\x1b[22m` : head, ...cells.map(line)].join('\n');
}

/** Columns for rows that are plain arrays: the first column is the label (cut to fit), the rest right-aligned figures. */
export function gridColumns(head: string[]): Array<Column<Array<string | number>>> {
  return head.map((h, i) => ({ head: h, cell: (row) => row[i], ...(i === 0 ? { shrink: true } : { align: 'right' as const }) }));
}

/** Tab-separated values with a header line of column names (as the IANA TSV format has). */
export function renderTsv<R>(columns: Array<Column<R>>, rows: R[]): string {
  const lines = [columns.map((c) => (c.rawHead ?? c.head).replace(/ /g, '_')).join('\t')];
  for (const r of rows) lines.push(columns.map((c) => tsvField(String((c.raw ?? c.cell)(r)))).join('\t'));
  return lines.join('\n');
}

/** Text for one line of a terminal (progress, graph labels): controls made visible, cut to `max` columns. */
export function clip(text: string, max = 60): string {
  return truncate(visibleLine(text), max);
}
