/** The `list` output: a header line and a cli-table3 table, or JSON. */
import { commandText } from '../queue/rows.js';
import { blockRecord } from '../schema/records.js';
import { displayStatus, type WorkBlock } from '../queue/types.js';
import { printJson, printLine } from './output.js';
import { redactText } from './redact.js';
import { clip, renderTable } from './table.js';
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

export function printBlockList(blocks: WorkBlock[], opts: { json: boolean; total: number; all: boolean; counts?: Record<string, number> }): void {
  if (opts.json) return printJson(blocks.map(blockJson));
  const others = opts.all || !opts.counts ? '' : othersText(opts.counts);
  printLine(`${opts.all ? 'Queued' : 'Pending'} work blocks: ${opts.total}${others ? ` (also ${others}: \`workblock list --all\`)` : ''}`);
  if (!blocks.length) {
    if (!others) process.stderr.write('Queue is empty. Add one with `workblock add "what to do"`.\n');
    return;
  }
  const withCommand = blocks.some((b) => b.command);
  const head = ['id', ...(opts.all ? ['status'] : []), 'priority', 'task', ...(withCommand ? ['command'] : []), 'tags', 'age'];
  const rows = blocks.map((b) => [
    b.id,
    ...(opts.all ? [displayStatus(b) + (b.status === 'blocked' && b.lastError ? ` (${b.lastError})` : '')] : []),
    b.priority,
    clip(b.task),
    ...(withCommand ? [clip(redactText(commandText(b.command), b.env), 40)] : []),
    b.tags.join(', '),
    ago(b.createdAt),
  ]);
  printLine(renderTable(head, rows));
}
