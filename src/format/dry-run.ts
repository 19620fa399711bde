/** What `execute --dry-run` shows: the blocks that would start, in order. */
import { commandText } from '../queue/rows.js';
import type { WorkBlock } from '../queue/types.js';
import { blockJson } from './block-list.js';
import { printJson, printLine } from './output.js';
import { redactText } from './redact.js';
import { clip, renderTable } from './table.js';

export function printDryRun(blocks: WorkBlock[], json: boolean): void {
  if (json) return printJson({ dry_run: true, would_execute: blocks.map(blockJson) });
  printLine(`Would execute ${blocks.length} block(s) (dry run, nothing changed):`);
  if (blocks.length) printLine(renderTable(['id', 'priority', 'task', 'command'], blocks.map((b) => [b.id, b.priority, clip(b.task), clip(redactText(commandText(b.command), b.env), 40)])));
}
