/** `--format table|tsv|json` for the listing commands, with `--json` kept as its alias. */
import { UsageError } from '../errors.js';
import type { OutputFormat } from '../format/table.js';

export interface FormatArgs {
  format?: string;
  json?: boolean;
}

export const formatOptions = {
  format: { type: 'string', choices: ['table', 'tsv', 'json'], describe: 'output: aligned table, tab-separated values with a header, or JSON' },
  json: { type: 'boolean', describe: 'same as --format json' },
} as const;

export function outputFormat(argv: FormatArgs): OutputFormat {
  if (argv.json && argv.format && argv.format !== 'json') throw new UsageError(`--json and --format ${argv.format} disagree: keep one of them`);
  return argv.json ? 'json' : ((argv.format as OutputFormat | undefined) ?? 'table');
}
