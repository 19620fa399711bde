/**
 * Batch files through the block schema: each command is a block object (same rules, same errors),
 * plus the batch's own keys. `{ "commands": [...] }` or `{ "phases": [ { "mode", "commands" } ] }`,
 * with the file's `name` and `abort_on_failure`. Unknown keys are an error.
 */
import type { Command } from '../queue/types.js';
import { isObject, parseBlockFields, readKeys, type BlockKey, type ParseContext } from './block.js';
import { fail, located, SchemaError, shown } from './errors.js';
import * as rule from './rules.js';

export const PHASE_MODES = ['parallel', 'sequential', 'priority'] as const;
export type PhaseMode = (typeof PHASE_MODES)[number];

export const BATCH_FILE_KEYS = {
  $schema: 'the JSON Schema an editor checks this file with (`workblock schema`)',
  name: 'the batch name, kept on its run and report',
  abort_on_failure: 'true: start nothing new after the first failure',
  commands: 'the commands (give this or "phases")',
  phases: 'phases run in order, each after the whole previous one (give this or "commands")',
} as const;
export const PHASE_KEYS = {
  name: 'the phase name',
  mode: 'sequential (the default: one at a time, in order), parallel, or priority (groups by "priority", group 1 first, each group a barrier)',
  commands: 'the commands of this phase',
} as const;
export const BATCH_COMMAND_KEYS = {
  name: 'unique name in this batch; other commands depend on it by name (required)',
  task: 'the block title (default: the name)',
  command: 'a string runs under /bin/sh -c; a list ["prog", "arg"] runs without a shell (required)',
  depends_on: 'names of commands of this batch that must succeed first',
  priority: 'integer or high / normal / low, higher runs first; in a "priority" phase the group: 1, 2, ... or high, medium, low (group 1 first)',
  retries: 'retries after a failure, 0..100',
  retry_delay: 'first retry delay: "10s" or a number of seconds',
  retry_delay_ms: 'the same in integer milliseconds',
  timeout: 'kill the command after this long: "5m" or a number of seconds (1ms..30d)',
  timeout_ms: 'the same in integer milliseconds',
  cwd: "the command's directory, relative to where `run` is started; must exist",
  env: 'variables added to the command environment',
  tags: 'tags of the block',
  check: 'a pre-flight command that must exit 0 before the command starts',
  memory_limit: 'not supported: refused with an error',
} as const;

export interface BatchCommand {
  name: string;
  task: string;
  command: Command;
  dependsOn: string[];
  retries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  priority?: number;
  cwd: string;
  env?: Record<string, string>;
  tags?: string[];
  /** a pre-flight shell command that must exit 0 before `command` starts */
  check?: string;
}

export interface BatchPhase {
  name: string | null;
  mode: PhaseMode;
  commands: string[];
}

export interface BatchFile {
  name: string | null;
  abortOnFailure: boolean;
  phases: BatchPhase[];
  /** every command, with the phase order already turned into dependencies */
  commands: BatchCommand[];
}

export function parseBatchCommand(raw: unknown, ctx: ParseContext): BatchCommand {
  if (!isObject(raw)) fail('', `${shown(raw)} is not an object`, 'give { "name", "command" }');
  const f = readKeys(raw, Object.keys(BATCH_COMMAND_KEYS), (k) => k) as Record<string, unknown>;
  if (f.memory_limit !== undefined) fail('memory_limit', 'is not supported', 'remove it (limit memory inside the command, e.g. `prlimit --as=...` or `systemd-run -p MemoryMax=...`)');
  if (f.name === undefined) fail('name', 'is missing', 'give every command a "name"');
  const name = rule.name(f.name, 'name');
  if (f.command === undefined) fail('command', 'is missing', 'give the command to run');
  const fields: Partial<Record<BlockKey, unknown>> = { task: f.task ?? name };
  for (const k of ['command', 'priority', 'retries', 'retry_delay', 'retry_delay_ms', 'timeout', 'timeout_ms', 'cwd', 'env', 'tags'] as const) if (f[k] !== undefined) fields[k] = f[k];
  const block = parseBlockFields(fields, ctx);
  const dependsOn = f.depends_on === undefined ? [] : rule.after(f.depends_on, 'depends_on').map(String);
  return {
    name,
    task: block.task,
    command: block.command!,
    dependsOn,
    retries: block.maxRetries,
    retryDelayMs: block.retryDelayMs,
    timeoutMs: block.timeoutMs ?? undefined,
    priority: block.priority,
    cwd: block.cwd!,
    env: block.env,
    tags: block.tags,
    check: f.check === undefined ? undefined : rule.shellText(f.check, 'check'),
  };
}

function commandList(value: unknown, where: string, ctx: ParseContext): BatchCommand[] {
  if (!Array.isArray(value)) throw new SchemaError('commands', `${shown(value)} is not a list`, 'give "commands": [ { "name", "command" } ]', where);
  return value.map((c, i) => located(`${where} commands[${i}]`, () => parseBatchCommand(c, ctx)));
}

/** Seed 003's priority groups: a number (1 runs first) or a word. */
export const GROUP_WORDS: Record<string, number> = { high: 1, medium: 2, normal: 2, low: 3 };

function groupOf(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && value.toLowerCase() in GROUP_WORDS) return GROUP_WORDS[value.toLowerCase()];
  return fail('priority', value === undefined ? 'is missing in a "priority" phase' : `${shown(value)} is not a group`, 'give a group number (1 runs first) or high, medium, low');
}

/**
 * Phases run in order (each after the whole previous one); a sequential phase chains its commands; a
 * priority phase runs its groups as barriers, group 1 first (the order of a numbered plan, unlike a
 * block's priority, where higher runs first).
 */
function phaseDependencies(phase: BatchPhase, own: BatchCommand[], groups: number[], previous: string[]): void {
  own.forEach((c, i) => {
    let extra = previous;
    if (phase.mode === 'sequential' && i > 0) extra = [...extra, own[i - 1].name];
    if (phase.mode === 'priority') {
      // Each group waits for the group just before it; the first for the previous phase.
      const before = Math.max(...groups.filter((g) => g < groups[i]));
      if (Number.isFinite(before)) extra = own.filter((_o, j) => groups[j] === before).map((o) => o.name);
    }
    c.dependsOn = [...new Set([...c.dependsOn, ...extra])];
  });
}

export function parseBatchDocument(doc: unknown, file: string, ctx: ParseContext): BatchFile {
  if (!isObject(doc)) throw new SchemaError('', 'has the wrong shape', 'expected { "commands": [...] } or { "phases": [...] }', file);
  const f = located(file, () => readKeys(doc, Object.keys(BATCH_FILE_KEYS), (k) => k)) as Record<string, unknown>;
  if ((f.commands === undefined) === (f.phases === undefined)) throw new SchemaError('', f.commands === undefined ? 'has no "commands" or "phases"' : 'has both "commands" and "phases"', 'give one of them', file);
  const name = f.name === undefined ? null : located(file, () => batchName(f.name));
  const abortOnFailure = f.abort_on_failure === undefined ? false : located(file, () => rule.bool(f.abort_on_failure, 'abort_on_failure'));
  let commands: BatchCommand[] = [];
  let phases: BatchPhase[];
  const ownOf: Array<{ own: BatchCommand[]; groups: number[] }> = [];
  if (f.commands !== undefined) {
    commands = commandList(f.commands, file, ctx);
    phases = [{ name: null, mode: 'parallel', commands: commands.map((c) => c.name) }];
  } else {
    if (!Array.isArray(f.phases)) throw new SchemaError('phases', `${shown(f.phases)} is not a list`, 'give "phases": [ { "mode", "commands" } ]', file);
    phases = f.phases.map((p, i) => {
      const where = `${file} phases[${i}]`;
      if (!isObject(p)) throw new SchemaError('', `${shown(p)} is not an object`, 'give { "name", "mode", "commands" }', where);
      const o = located(where, () => readKeys(p, Object.keys(PHASE_KEYS), (k) => k)) as Record<string, unknown>;
      const mode = (o.mode ?? 'sequential') as PhaseMode;
      if (!PHASE_MODES.includes(mode)) throw new SchemaError('mode', `${shown(o.mode)} is not a mode`, `use ${PHASE_MODES.join(', ')}`, where);
      let raws = o.commands;
      let groups: number[] = [];
      if (mode === 'priority' && Array.isArray(raws)) {
        // Here "priority" is a group number, not a block priority: read apart from the block fields.
        groups = raws.map((r, j) => located(`${where} commands[${j}]`, () => groupOf(isObject(r) ? r.priority : undefined)));
        raws = raws.map((r) => (isObject(r) ? { ...r, priority: undefined } : r));
      }
      const own = commandList(raws, where, ctx);
      commands.push(...own);
      ownOf.push({ own, groups });
      return { name: o.name === undefined ? null : located(where, () => rule.text(o.name, 'name', 200)), mode, commands: own.map((c) => c.name) };
    });
  }
  checkNames(commands, file);
  let previous: string[] = [];
  phases.forEach((phase, i) => {
    if (f.phases === undefined) return;
    phaseDependencies(phase, ownOf[i].own, ownOf[i].groups, previous);
    if (phase.commands.length) previous = phase.mode === 'priority' ? lastGroup(ownOf[i]) : phase.commands;
  });
  return { name, abortOnFailure, phases, commands };
}

/** The file's name, shown on its run and report. */
function batchName(value: unknown): string {
  const name = rule.text(value, 'name', 200).trim();
  if (!name) fail('name', 'is empty', 'give the batch a name or leave it out');
  return name;
}

/** The next phase waits for a priority phase's last group (which itself waited for the earlier ones). */
function lastGroup(p: { own: BatchCommand[]; groups: number[] }): string[] {
  const last = Math.max(...p.groups);
  return p.own.filter((_c, j) => p.groups[j] === last).map((c) => c.name);
}

function checkNames(commands: BatchCommand[], file: string): void {
  if (!commands.length) throw new SchemaError('', 'has no commands', 'add at least one', file);
  const names = new Set<string>();
  for (const c of commands) {
    if (names.has(c.name)) throw new SchemaError('name', `${shown(c.name)} is used twice`, 'names must be unique in a batch', file);
    names.add(c.name);
  }
  for (const c of commands) {
    const unknown = c.dependsOn.find((d) => !names.has(d));
    if (unknown) throw new SchemaError('depends_on', `command ${shown(c.name)} depends on unknown ${shown(unknown)}`, 'check the name', file);
  }
}
