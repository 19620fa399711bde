/** The result of an execute or run: a table and a one-line total, or the JSON summary. */
import type { ExecuteSummary } from '../queue/types.js';
import { printJson, printLine } from './output.js';
import { clip, renderTable } from './table.js';
import { shortDuration } from './time.js';

/** The JSON shape shared by `execute --json`, `run --json` and `--report`. */
export function summaryJson(s: ExecuteSummary): ExecuteSummary {
  return { success: s.success, executed: s.executed, successful: s.successful, failed: s.failed, duration: s.duration, blocks: s.blocks };
}

export function printSummary(s: ExecuteSummary, json: boolean): void {
  if (json) return printJson(summaryJson(s));
  if (s.blocks.length) {
    const rows = s.blocks.map((b) => [b.id, clip(b.name ? `${b.name}: ${b.task}` : b.task, 50), b.status, shortDuration(b.durationMs), b.error ? clip(b.error, 50) : b.exitCode ?? '']);
    printLine(renderTable(['id', 'task', 'outcome', 'duration', 'exit / error'], rows));
  }
  printLine(`Executed ${s.executed}: ${s.successful} succeeded, ${s.failed} failed in ${shortDuration(s.duration)}`);
}

export function summaryMarkdown(s: ExecuteSummary): string {
  const lines = [`# workblock run: ${s.success ? 'success' : 'failed'}`, '', `Executed ${s.executed}: ${s.successful} succeeded, ${s.failed} failed in ${shortDuration(s.duration)}.`, '', '| id | task | outcome | duration | exit / error |', '|---|---|---|---|---|'];
  for (const b of s.blocks) lines.push(`| ${b.id} | ${(b.name ? `${b.name}: ` : '') + b.task.replace(/\|/g, '\\|')} | ${b.status} | ${shortDuration(b.durationMs)} | ${(b.error ?? String(b.exitCode ?? '')).replace(/\|/g, '\\|')} |`);
  return `${lines.join('\n')}\n`;
}
