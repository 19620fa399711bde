/** The dry-run plan of a batch: dependency levels in order, and what in each level may run in parallel. */
import { redactText } from '../format/redact.js';
import { levels } from '../queue/graph.js';
import { commandText } from '../queue/rows.js';
import type { BatchCommand } from './batch-file.js';

export interface PlanLevel {
  level: number;
  commands: Array<{ name: string; command: string; dependsOn: string[] }>;
}

export function planLevels(commands: BatchCommand[]): PlanLevel[] {
  const byName = new Map(commands.map((c) => [c.name, c]));
  return levels(commands.map((c) => ({ key: c.name, deps: c.dependsOn }))).map((names, level) => ({
    level,
    commands: names.map((n) => ({ name: n, command: redactText(commandText(byName.get(n)!.command), byName.get(n)!.env), dependsOn: byName.get(n)!.dependsOn })),
  }));
}

export function planText(plan: PlanLevel[], concurrency: number): string {
  const lines = [`Plan (dry run, nothing queued; concurrency ${concurrency}):`];
  for (const l of plan) {
    const parallel = l.commands.length > 1 ? ` (${Math.min(l.commands.length, concurrency)} at a time)` : '';
    lines.push(`level ${l.level + 1}${parallel}:`);
    for (const c of l.commands) lines.push(`  ${c.name}: ${c.command}${c.dependsOn.length ? `   [after ${c.dependsOn.join(', ')}]` : ''}`);
  }
  return lines.join('\n');
}
