/**
 * The versioned export: everything needed to rebuild a queue and its history exactly (schema/records.ts
 * vocabulary), read back by schema/import-file.ts. Secret env values are masked unless asked for.
 */
import type { HistoryEntry, WorkBlock } from '../queue/types.js';
import { EXPORT_FORMAT, EXPORT_VERSION } from './import-file.js';
import { blockRecord, historyRecord } from './records.js';

export interface ExportDoc {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exported_at: string;
  /** "masked": secret env values are "***" and listed in each block's `masked`; import refuses them */
  secrets: 'masked' | 'included';
  blocks: Array<ReturnType<typeof blockRecord>>;
  history: Array<ReturnType<typeof historyRecord>>;
}

/** `history` oldest first, so an import appends it in the same order it was written. */
export function exportDoc(blocks: WorkBlock[], history: HistoryEntry[], includeSecrets: boolean, now = Date.now()): ExportDoc {
  const mode = includeSecrets ? 'include' : 'mask';
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exported_at: new Date(now).toISOString(),
    secrets: includeSecrets ? 'included' : 'masked',
    blocks: blocks.map((b) => blockRecord(b, mode, now)),
    history: history.map((h) => historyRecord(h, mode)),
  };
}

/** The same as NDJSON: a header line, then one line per block and per history entry. */
export function exportLines(doc: ExportDoc): string {
  const { blocks, history, ...header } = doc;
  return [header, ...blocks, ...history].map((o) => JSON.stringify(o)).join('\n') + '\n';
}
