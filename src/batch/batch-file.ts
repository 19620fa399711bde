/**
 * Batch files → named commands with dependencies. Two shapes are accepted:
 * `{ "commands": [ { name, command, depends_on } ] }` and
 * `{ "phases": [ { name, mode: "parallel"|"sequential"|"priority", commands: [...] } ] }`,
 * plus inline `--task "name:command[:depends=a,b]"`. Everything is checked before the queue is touched.
 */
import { UsageError } from '../errors.js';
import { parseDurationMs } from '../format/time.js';
import { findCycle } from '../queue/graph.js';
import { chainPriorityGroups } from './priority-groups.js';

export interface BatchCommand {
  name: string;
  command: string;
  dependsOn: string[];
  retries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  priority?: number;
  cwd?: string;
  env?: Record<string, string>;
  tags?: string[];
  /** a pre-flight shell command that must exit 0 before `command` starts */
  check?: string;
}

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function duration(v: unknown, where: string, field: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number' && v >= 0) return Math.round(v * 1000); // bare numbers are seconds
  if (typeof v === 'string') return parseDurationMs(v, `${where} "${field}"`);
  throw new UsageError(`${where}: "${field}" must be a duration like "30s"`);
}

function stringList(v: unknown, where: string, field: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new UsageError(`${where}: "${field}" must be a list of names`);
  return v as string[];
}

function toCommand(raw: unknown, where: string): BatchCommand {
  if (!isObject(raw)) throw new UsageError(`${where} is not an object: give { "name", "command" }`);
  if (typeof raw.name !== 'string' || !raw.name.trim()) throw new UsageError(`${where} has no name: give every command a "name"`);
  const label = `command "${raw.name}"`;
  if (typeof raw.command !== 'string' || !raw.command.trim()) throw new UsageError(`${label} has no "command": give the shell command to run`);
  if (raw.env !== undefined && (!isObject(raw.env) || Object.values(raw.env).some((v) => typeof v !== 'string'))) throw new UsageError(`${label}: "env" must be an object of strings`);
  if (raw.check !== undefined && (typeof raw.check !== 'string' || !raw.check.trim())) throw new UsageError(`${label}: "check" must be a shell command, e.g. "curl -fs http://localhost:8080/health"`);
  if (raw.retries !== undefined && (!Number.isInteger(raw.retries) || (raw.retries as number) < 0)) throw new UsageError(`${label}: "retries" must be a whole number`);
  return {
    name: raw.name.trim(),
    command: raw.command,
    dependsOn: stringList(raw.depends_on ?? raw.dependsOn, label, 'depends_on'),
    retries: raw.retries as number | undefined,
    retryDelayMs: duration(raw.retry_delay, label, 'retry_delay'),
    timeoutMs: duration(raw.timeout, label, 'timeout'),
    priority: typeof raw.priority === 'number' ? raw.priority : undefined,
    cwd: typeof raw.cwd === 'string' ? raw.cwd : undefined,
    env: raw.env as Record<string, string> | undefined,
    tags: raw.tags === undefined ? undefined : stringList(raw.tags, label, 'tags'),
    check: raw.check as string | undefined,
  };
}

/** Phases run in order: each command waits for the whole previous phase; a sequential phase also chains its own. */
function fromPhases(phases: unknown[], file: string): BatchCommand[] {
  const out: BatchCommand[] = [];
  let previous: string[] = [];
  phases.forEach((phase, p) => {
    const where = `${file} phase ${p + 1}`;
    if (!isObject(phase) || !Array.isArray(phase.commands)) throw new UsageError(`${where} has no "commands" list`);
    const mode = phase.mode ?? 'sequential';
    if (mode !== 'parallel' && mode !== 'sequential' && mode !== 'priority') throw new UsageError(`${where}: "mode" must be "parallel", "sequential" or "priority"`);
    const commands = phase.commands.map((c, i) => toCommand(c, `${where} command ${i + 1}`));
    if (mode === 'priority') {
      const names = chainPriorityGroups(phase.commands, commands, previous, where);
      out.push(...commands);
      if (names.length) previous = names;
      return;
    }
    commands.forEach((c, i) => {
      const chain = mode === 'sequential' && i > 0 ? [commands[i - 1].name] : [];
      c.dependsOn = [...new Set([...c.dependsOn, ...previous, ...chain])];
    });
    out.push(...commands);
    if (commands.length) previous = commands.map((c) => c.name);
  });
  return out;
}

export function parseBatchJson(text: string, file: string): BatchCommand[] {
  if (!text.trim()) throw new UsageError(`${file} is empty: give { "commands": [...] } or { "phases": [...] }`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON (${(e as Error).message}): fix the file`);
  }
  if (isObject(doc) && Array.isArray(doc.commands)) return checkBatch(doc.commands.map((c, i) => toCommand(c, `${file} command ${i + 1}`)), file);
  if (isObject(doc) && Array.isArray(doc.phases)) return checkBatch(fromPhases(doc.phases, file), file);
  throw new UsageError(`${file} has the wrong shape: expected { "commands": [...] } or { "phases": [...] }`);
}

/** `name:command[:depends=a,b]`; the command itself may contain colons. */
export function parseInlineTasks(tasks: string[]): BatchCommand[] {
  return checkBatch(
    tasks.map((spec) => {
      const colon = spec.indexOf(':');
      if (colon <= 0) throw new UsageError(`bad --task "${spec}": use name:command[:depends=a,b]`);
      let command = spec.slice(colon + 1);
      let dependsOn: string[] = [];
      const deps = command.match(/:depends=([^:]*)$/);
      if (deps) {
        command = command.slice(0, deps.index);
        dependsOn = deps[1].split(',').map((d) => d.trim()).filter(Boolean);
      }
      return toCommand({ name: spec.slice(0, colon), command, depends_on: dependsOn }, `--task "${spec}"`);
    }),
    '--task',
  );
}

/** Unique names, known dependencies, no cycle. */
export function checkBatch(commands: BatchCommand[], source: string): BatchCommand[] {
  if (!commands.length) throw new UsageError(`${source} has no commands: add at least one`);
  const names = new Set<string>();
  for (const c of commands) {
    if (names.has(c.name)) throw new UsageError(`duplicate command name "${c.name}" in ${source}: names must be unique`);
    names.add(c.name);
  }
  for (const c of commands) {
    const unknown = c.dependsOn.find((d) => !names.has(d));
    if (unknown) throw new UsageError(`command "${c.name}" depends on unknown "${unknown}" in ${source}: check the name`);
  }
  const cycle = findCycle(commands.map((c) => ({ key: c.name, deps: c.dependsOn })));
  if (cycle) throw new UsageError(`dependency cycle in ${source}: ${cycle.join(' -> ')}; remove one of these dependencies`);
  return commands;
}
