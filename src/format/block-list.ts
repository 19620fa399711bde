/** The `list` output: an aligned table, TSV or JSON. */
import { commandText } from '../queue/rows.js';
import { blockRecord } from '../schema/records.js';
import { displayStatus, type WorkBlock } from '../queue/types.js';
import { printJson, printLine } from './output.js';
import { redactText } from './redact.js';
import { renderTable, renderTsv, type Column, type OutputFormat } from './table.js';
import { ago } from './time.js';

/** A block in the JSON vocabulary (schema/records.ts), secrets redacted. */
export function blockJson(b: WorkBlock) {
  return blockRecord(b, 'redact');
}

/** "1 running, 2 failed": the blocks a plain `list` does not show, so it never looks emptier than it is. */
function othersText(counts: Record<string, number>): string {
  return ['running', 'failed', 'blocked']
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

/** The list's columns; in a table, command and tags appear only when some block has them (TSV keeps them). */
function listColumns(blocks: WorkBlock[], all: boolean, every = false): Array<Column<WorkBlock>> {
  const columns: Array<Column<WorkBlock> | false> = [
    { head: 'id', cell: (b) => b.id, align: 'right' },
    all && { head: 'status', cell: (b) => displayStatus(b) + (b.status === 'blocked' && b.lastError ? ` (${b.lastError})` : ''), shrink: true },
    { head: 'priority', cell: (b) => b.priority, align: 'right' },
    { head: 'task', cell: (b) => b.task, shrink: true },
    (every || blocks.some((b) => b.command)) && { head: 'command', cell: (b) => (b.command ? redactText(commandText(b.command), b.env) : ''), shrink: true },
    (every || blocks.some((b) => b.tags.length)) && { head: 'tags', cell: (b) => b.tags.join(','), shrink: true },
    { head: 'age', cell: (b) => ago(b.createdAt), raw: (b) => new Date(b.createdAt).toISOString(), rawHead: 'created_at' },
  ];
  return columns.filter((c): c is Column<WorkBlock> => !!c);
}

export function printBlockList(blocks: WorkBlock[], opts: { format: OutputFormat; total: number; all: boolean; counts?: Record<string, number> }): void {
  if (opts.format === 'json') return printJson(blocks.map(blockJson));
  if (opts.format === 'tsv') return printLine(renderTsv(listColumns(blocks, opts.all, true), blocks));
  const others = opts.all || !opts.counts ? '' : othersText(opts.counts);
  printLine(`${opts.all ? 'Queued' : 'Pending'} work blocks: ${opts.total}${others ? ` (also ${others}: \`workblock list --all\`)` : ''}`);
  if (!blocks.length) {
    if (!others) process.stderr.write('Queue is empty. Add one with `workblock add "what to do"`.\n');
    return;
  }
  printLine(renderTable(listColumns(blocks, opts.all), blocks));
}
