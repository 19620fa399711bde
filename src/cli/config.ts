/** `workblock config get|set|list`: settings stored in the database (default loggers, default N). */
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { redactUrls } from '../format/redact.js';
import { validateLoggerSpecs } from '../loggers/registry.js';
import { getSetting, listSettings, setSetting } from '../queue/settings.js';
import { withQueue, type GlobalArgs } from './context.js';
import { positiveInt } from './numbers.js';

interface ConfigArgs extends GlobalArgs {
  action: string;
  key?: string;
  values?: string[];
  json?: boolean;
}

/** Known settings: how a value is checked and stored. */
const KEYS: Record<string, (values: string[]) => string> = {
  loggers: (values) => {
    validateLoggerSpecs(values);
    return JSON.stringify(values);
  },
  n: (values) => String(positiveInt(values[0], 'n')),
};

function checkKey(key: string | undefined): string {
  if (!key || !(key in KEYS)) throw new UsageError(`unknown setting "${key ?? ''}": use ${Object.keys(KEYS).join(' or ')}`);
  return key;
}

export const configCommand: CommandModule<GlobalArgs, ConfigArgs> = {
  command: 'config <action> [key] [values..]',
  describe: 'get, set or list settings (loggers, n)',
  builder: (y) =>
    y
      .positional('action', { type: 'string', choices: ['get', 'set', 'list'] })
      .positional('key', { type: 'string' })
      .positional('values', { type: 'string', array: true })
      .option('json', { type: 'boolean', describe: 'print JSON (list)' })
      .example('$0 config set loggers markdown jsonl:data/worklog.jsonl', 'deliver to two loggers by default')
      .example('$0 config set n 10', 'execute takes 10 blocks by default') as never,
  handler: async (argv) => {
    if (argv.action === 'list') {
      const rows = await withQueue(argv, (q) => listSettings(q.db), { readonly: true });
      const shown = rows.filter((r) => r.key !== 'paused').map((r) => ({ key: r.key, value: redactUrls(r.value) }));
      if (argv.json) return void process.stdout.write(`${JSON.stringify(Object.fromEntries(shown.map((r) => [r.key, JSON.parse(r.value)])), null, 2)}\n`);
      return void shown.forEach((r) => process.stdout.write(`${r.key} = ${r.value}\n`));
    }
    const key = checkKey(argv.key);
    if (argv.action === 'get') {
      const value = await withQueue(argv, (q) => getSetting(q.db, key), { readonly: true });
      return void process.stdout.write(`${value === undefined ? '' : redactUrls(value)}\n`);
    }
    const values = (argv.values ?? []).map(String);
    if (!values.length) throw new UsageError(`config set ${key} needs a value`);
    const stored = KEYS[key](values);
    await withQueue(argv, (q) => setSetting(q.db, key, stored));
  },
};
