/**
 * Reading an import file: workblock's versioned export (JSON document or NDJSON with a header line),
 * the version 1 `export --json`, the legacy batch-tasks.json ({ "tasks": [...] } or a bare array),
 * or NDJSON block lines as `add -` reads them. Every entry goes through the block schema.
 */
import { isObject, type ParseContext } from './block.js';
import { fail, located, SchemaError } from './errors.js';
import { isFinished, parseHistoryEntry, parseQueuedEntry, type ImportEntry } from './import-entry.js';

export const EXPORT_FORMAT = 'workblock-export';
export const EXPORT_VERSION = 2;

export interface ImportFile {
  kind: 'export' | 'legacy' | 'lines';
  entries: ImportEntry[];
}

function checkHeader(o: Record<string, unknown>, where: string): void {
  located(where, () => {
    const allowed = ['format', 'version', 'exported_at', 'secrets', 'blocks', 'history'];
    const unknown = Object.keys(o).find((k) => !allowed.includes(k));
    if (unknown) fail(unknown, 'unknown field', `an export has ${allowed.join(', ')}`);
    if (o.format !== undefined && o.format !== EXPORT_FORMAT) fail('format', `"${String(o.format)}" is not a workblock export`, `use "${EXPORT_FORMAT}"`);
    if (o.version !== 1 && o.version !== EXPORT_VERSION) fail('version', `${JSON.stringify(o.version)} is not a version this workblock reads`, `use an export of version 1 or ${EXPORT_VERSION} (upgrade workblock for newer ones)`);
  });
}

function exportEntries(doc: Record<string, unknown>, file: string, ctx: ParseContext): ImportEntry[] {
  checkHeader(doc, file);
  const list = (key: 'blocks' | 'history') => {
    const v = doc[key] ?? [];
    if (!Array.isArray(v)) located(file, () => fail(key, 'is not a list', `give "${key}": [...]`));
    return v as unknown[];
  };
  return [
    ...list('blocks').map((b, i) => located(`${file} blocks[${i}]`, () => parseQueuedEntry(b, ctx, `${file} blocks[${i}]`))),
    ...list('history').map((h, i) => located(`${file} history[${i}]`, () => parseHistoryEntry(h, ctx, `${file} history[${i}]`))),
  ];
}

/** A block line, a legacy entry or an export line: history when it carries an outcome or a finished status. */
function looseEntry(value: unknown, where: string, ctx: ParseContext, legacy: boolean): ImportEntry {
  return located(where, () => (isObject(value) && isFinished(value, legacy) ? parseHistoryEntry(value, ctx, where) : parseQueuedEntry(value, ctx, where)));
}

function ndjson(text: string, file: string, ctx: ParseContext): ImportFile {
  const entries: ImportEntry[] = [];
  let versioned = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (!raw.trim()) continue;
    const where = `${file} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new SchemaError('', `malformed JSON (${(e as Error).message})`, 'fix the line', where);
    }
    if (!entries.length && !versioned && isObject(value) && value.format !== undefined) {
      checkHeader(value, where);
      versioned = true;
      continue;
    }
    // In an export a failed block is a queued state; in a legacy file "failed" meant finished.
    entries.push(looseEntry(value, where, ctx, !versioned));
  }
  return { kind: versioned ? 'export' : 'lines', entries };
}

/** Two queued entries with one id would be one block: refused before anything is written. */
function checkIds(parsed: ImportFile): ImportFile {
  const seen = new Set<number>();
  for (const e of parsed.entries) {
    if (e.kind !== 'queued' || e.id === null) continue;
    if (seen.has(e.id)) throw new SchemaError('id', `${e.id} is used by two queued blocks`, 'give each block its own id', e.where);
    seen.add(e.id);
  }
  return parsed;
}

export function parseImportFile(content: string, file: string, ctx: ParseContext): ImportFile {
  return checkIds(readImportFile(content, file, ctx));
}

function readImportFile(content: string, file: string, ctx: ParseContext): ImportFile {
  const trimmed = content.trim();
  if (!trimmed) throw new SchemaError('', 'is empty', 'give a workblock export, batch-tasks.json or NDJSON', file);
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    return ndjson(trimmed, file, ctx); // not one document: NDJSON
  }
  if (Array.isArray(doc)) return { kind: 'legacy', entries: doc.map((item, i) => looseEntry(item, `${file} entry ${i + 1}`, ctx, true)) };
  if (isObject(doc) && (doc.format !== undefined || doc.version !== undefined || Array.isArray(doc.blocks))) return { kind: 'export', entries: exportEntries(doc, file, ctx) };
  if (isObject(doc) && Array.isArray(doc.tasks)) {
    const extra = Object.keys(doc).find((k) => k !== 'tasks');
    if (extra) located(file, () => fail(extra, 'unknown field', 'a legacy file has only "tasks"'));
    return { kind: 'legacy', entries: doc.tasks.map((item, i) => looseEntry(item, `${file} entry ${i + 1}`, ctx, true)) };
  }
  if (isObject(doc) && doc.task !== undefined) return ndjson(trimmed, file, ctx); // one NDJSON line
  throw new SchemaError('', 'has the wrong shape', 'expected a workblock export, { "tasks": [...] }, an array of tasks, or NDJSON lines', file);
}
