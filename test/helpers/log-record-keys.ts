/** The keys of the record loggers deliver, as the shipped JSON Schema (schema/workblock.schema.json) lists them. */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'workblock.schema.json'), 'utf8')) as { $defs: { logRecord: { properties: Record<string, unknown> } } };
export const LOG_RECORD_KEYS = Object.keys(schema.$defs.logRecord.properties).sort();
