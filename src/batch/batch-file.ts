/**
 * Batch files → named commands with dependencies, read by the block schema (schema/batch.ts):
 * `{ "commands": [...] }` or `{ "phases": [...] }`, plus inline `--task "name:command[:depends=a,b]"`.
 * Everything is checked before the queue is touched.
 */
import { UsageError } from '../errors.js';
import { findCycle } from '../queue/graph.js';
import { parseBatchCommand, parseBatchDocument, type BatchCommand, type BatchFile } from '../schema/batch.js';
import { located } from '../schema/errors.js';

export type { BatchCommand, BatchFile } from '../schema/batch.js';

export function parseBatchFile(text: string, file: string, cwd = process.cwd()): BatchFile {
  if (!text.trim()) throw new UsageError(`${file} is empty: give { "commands": [...] } or { "phases": [...] }`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON (${(e as Error).message}): fix the file`);
  }
  const batch = parseBatchDocument(doc, file, { cwd, checkedDirs: new Map() });
  checkBatch(batch.commands, file);
  return batch;
}

/** `name:command[:depends=a,b]`; the command itself may contain colons. */
export function parseInlineTasks(tasks: string[], cwd = process.cwd()): BatchCommand[] {
  const ctx = { cwd, checkedDirs: new Map<string, string>() };
  return checkBatch(
    tasks.map((spec) => {
      const colon = spec.indexOf(':');
      if (colon <= 0) throw new UsageError(`--task: bad task "${spec}": use name:command[:depends=a,b]`);
      let command = spec.slice(colon + 1);
      let dependsOn: string[] = [];
      const deps = command.match(/:depends=([^:]*)$/);
      if (deps) {
        command = command.slice(0, deps.index);
        dependsOn = deps[1].split(',').map((d) => d.trim()).filter(Boolean);
      }
      return located(`--task "${spec}"`, () => parseBatchCommand({ name: spec.slice(0, colon), command, depends_on: dependsOn }, ctx));
    }),
    '--task',
  );
}

/** Unique names, known dependencies, no cycle. */
export function checkBatch(commands: BatchCommand[], source: string): BatchCommand[] {
  if (!commands.length) throw new UsageError(`${source} has no commands: add at least one`);
  const names = new Set<string>();
  for (const c of commands) {
    if (names.has(c.name)) throw new UsageError(`${source}: name: "${c.name}" is used twice: names must be unique in a batch`);
    names.add(c.name);
  }
  for (const c of commands) {
    const unknown = c.dependsOn.find((d) => !names.has(d));
    if (unknown) throw new UsageError(`${source}: depends_on: command "${c.name}" depends on unknown "${unknown}": check the name`);
  }
  const cycle = findCycle(commands.map((c) => ({ key: c.name, deps: c.dependsOn })));
  if (cycle) throw new UsageError(`dependency cycle in ${source}: ${cycle.join(' -> ')}; remove one of these dependencies`);
  return commands;
}
