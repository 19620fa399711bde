/**
 * A `"mode": "priority"` phase (seed 003's priority groups): its commands are grouped by their
 * `"priority"` and the groups run as barriers, group 1 before group 2 (high, medium, low as words):
 * every command of a group waits for the whole group before it. Inside a group they run in parallel.
 * (This is the order of a numbered plan, unlike `add --priority`, where higher numbers run first.)
 */
import { UsageError } from '../errors.js';
import type { BatchCommand } from './batch-file.js';

const WORDS: Record<string, number> = { high: 1, medium: 2, normal: 2, low: 3 };

function groupOf(raw: unknown, where: string): number {
  const p = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).priority : undefined;
  if (typeof p === 'number' && Number.isInteger(p)) return p;
  if (typeof p === 'string' && p.toLowerCase() in WORDS) return WORDS[p.toLowerCase()];
  throw new UsageError(`${where}: a command in a "priority" phase needs "priority": a group number (1 runs first) or high, medium, low`);
}

/** Chains the groups after `before` (the previous phase); returns every command name of the phase. */
export function chainPriorityGroups(raws: unknown[], commands: BatchCommand[], before: string[], where: string): string[] {
  const groups = new Map<number, BatchCommand[]>();
  commands.forEach((c, i) => {
    const g = groupOf(raws[i], `${where} command ${i + 1}`);
    groups.set(g, [...(groups.get(g) ?? []), c]);
    c.priority = undefined; // a group number, not a block priority
  });
  let previous = before;
  for (const g of [...groups.keys()].sort((a, b) => a - b)) {
    const group = groups.get(g)!;
    group.forEach((c) => (c.dependsOn = [...new Set([...c.dependsOn, ...previous])]));
    previous = group.map((c) => c.name);
  }
  return commands.map((c) => c.name);
}
