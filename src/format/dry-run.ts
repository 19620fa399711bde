/** What `execute --dry-run` shows: the blocks that would start, in order. */
import { commandText } from '../queue/rows.js';
import type { WorkBlock } from '../queue/types.js';
import { blockJson } from './block-list.js';
import { printJson, printLine } from './output.js';
import { redactText } from './redact.js';
import { renderTable } from './table.js';

export function printDryRun(blocks: WorkBlock[], json: boolean): void {
  if (json) return printJson({ dry_run: true, would_execute: blocks.map(blockJson) });
  printLine(`Would execute ${blocks.length} block(s) (dry run, nothing changed):`);
  if (!blocks.length) return;
  printLine(
    renderTable(
      [
        { head: 'id', cell: (b) => b.id, align: 'right' },
        { head: 'priority', cell: (b) => b.priority, align: 'right' },
        { head: 'task', cell: (b) => b.task, shrink: true },
        { head: 'command', cell: (b) => redactText(commandText(b.command), b.env), shrink: true },
      ],
      blocks,
    ),
  );
}
