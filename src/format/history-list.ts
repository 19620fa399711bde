/** `history` output: what ran, newest first. */
import { commandText } from '../queue/rows.js';
import type { HistoryEntry } from '../queue/types.js';
import { printJson, printLine } from './output.js';
import { clip, renderTable } from './table.js';
import { ago, shortDuration } from './time.js';
import { redactText } from './redact.js';

export function historyJson(h: HistoryEntry) {
  return {
    id: h.id,
    task: h.task,
    result: h.result,
    insight: h.insight,
    next_step: h.nextStep,
    outcome: h.outcome,
    exit_code: h.exitCode,
    duration_ms: h.durationMs,
    attempts: h.attempts,
    priority: h.priority,
    tags: h.tags,
    name: h.name,
    command: h.command ? redactText(commandText(h.command)) : null,
    last_error: h.lastError ? redactText(h.lastError) : null,
    created_at: new Date(h.createdAt).toISOString(),
    finished_at: new Date(h.finishedAt).toISOString(),
  };
}

export function printHistory(entries: HistoryEntry[], json: boolean): void {
  if (json) return printJson(entries.map(historyJson));
  printLine(`History: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`);
  if (!entries.length) return;
  printLine(renderTable(['id', 'task', 'outcome', 'duration', 'finished'], entries.map((h) => [h.id, clip(h.task), h.outcome, shortDuration(h.durationMs), ago(h.finishedAt)])));
}
