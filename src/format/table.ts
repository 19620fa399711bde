/** Tables with cli-table3: plain borders, no colour codes unless stdout is a colour TTY. */
import Table from 'cli-table3';
import { useColor } from './output.js';

export function renderTable(head: string[], rows: Array<Array<string | number>>, widths?: Array<number | null>): string {
  const color = useColor();
  const table = new Table({
    head,
    style: color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
    ...(widths ? { colWidths: widths, wordWrap: true } : {}),
  });
  for (const row of rows) table.push(row.map((c) => String(c)));
  return table.toString();
}

/** Shortens long text for a table cell. */
export function clip(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
