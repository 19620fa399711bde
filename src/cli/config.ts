/** `workblock config get|set|list`: per-queue settings (loggers, notify, n, concurrency, retries, retry_delay, timeout). */
import { printJson } from '../format/output.js';
import { printConfigList } from '../format/named-lists.js';
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { redactUrls } from '../format/redact.js';
import { validateLoggerSpecs } from '../loggers/registry.js';
import { parseNotifySpecs } from '../notify/spec.js';
import { NUMERIC_SETTINGS } from '../queue/defaults.js';
import { getSetting, listSettings, setSetting } from '../queue/settings.js';
import { withQueue, type GlobalArgs } from './context.js';
import { formatOptions, outputFormat, type FormatArgs } from './format-option.js';

interface ConfigArgs extends GlobalArgs, FormatArgs {
  action: string;
  key?: string;
  values?: string[];
}

const KEYS = ['loggers', 'notify', ...Object.keys(NUMERIC_SETTINGS)];
/** Settings that hold a list of specs, and their default. */
const LISTS: Record<string, string[]> = { loggers: ['markdown'], notify: [] };

/** What is stored for `set`, checked first. */
function storedValue(key: string, values: string[]): string {
  if (key === 'loggers' || key === 'notify') {
    if (key === 'loggers') validateLoggerSpecs(values);
    else parseNotifySpecs(values);
    return JSON.stringify(values);
  }
  if (values.length !== 1) throw new UsageError(`config set ${key} takes one value`);
  return NUMERIC_SETTINGS[key].check(values[0]);
}

/**
 * The value as shown: logger specs one by one, each redacted on its own (redacting the JSON text as
 * one string let a token's mask swallow the rest of the list), and unset keys as their default.
 */
function shown(key: string, stored: string | undefined): { value: string; isDefault: boolean; items?: string[] } {
  if (key in LISTS) {
    const items = (stored ? (JSON.parse(stored) as string[]) : LISTS[key]).map(redactUrls);
    return { value: items.join(' '), isDefault: !stored, items };
  }
  return stored === undefined ? { value: NUMERIC_SETTINGS[key].unset, isDefault: true } : { value: stored, isDefault: false };
}

/** JSON: spec lists as lists (a spec may hold spaces), counts as numbers, durations as text; null for a setting left unset (n: 5). */
function jsonValue(key: string, value: string, isDefault: boolean, items?: string[]): unknown {
  if (items) return items;
  if (isDefault) return key === 'n' ? 5 : null;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function checkKey(key: string | undefined): string {
  if (!key || !KEYS.includes(key)) throw new UsageError(`unknown setting "${key ?? ''}": use one of ${KEYS.join(', ')}`);
  return key;
}

export const configCommand: CommandModule<GlobalArgs, ConfigArgs> = {
  command: 'config <action> [key] [values..]',
  describe: `get, set or list settings (${KEYS.join(', ')})`,
  builder: (y) =>
    y
      .positional('action', { type: 'string', choices: ['get', 'set', 'list'] })
      .positional('key', { type: 'string' })
      .positional('values', { type: 'string', array: true })
      .options({ format: { ...formatOptions.format, describe: `list: ${formatOptions.format.describe}` }, json: { ...formatOptions.json, describe: 'list: same as --format json' } })
      .example('$0 config set loggers markdown jsonl:data/worklog.jsonl', 'deliver to two loggers by default')
      .example('$0 config set n 10', 'execute takes 10 blocks by default')
      .example('$0 config list --format tsv', 'every key, its value and whether it is set or the default')
      .example('$0 config set concurrency 4', 'execute and run start up to 4 commands at once')
      .example('$0 config set retries 2; $0 config set timeout 10m', 'defaults for new command blocks')
      .example('$0 config set notify "slack:https://hooks.slack.com/services/T/B/X,on=failure"', 'notify Slack when a run fails') as never,
  handler: async (argv) => {
    if (argv.action === 'list') {
      const format = outputFormat(argv);
      const rows = await withQueue(argv, (q) => listSettings(q.db), { readonly: true });
      const entries = KEYS.map((key) => ({ key, ...shown(key, rows.find((r) => r.key === key)?.value) }));
      if (format === 'json') return printJson(Object.fromEntries(entries.map((e) => [e.key, jsonValue(e.key, e.value, e.isDefault, e.items)])));
      return printConfigList(entries, format);
    }
    const key = checkKey(argv.key);
    if (argv.action === 'get') {
      const value = await withQueue(argv, (q) => getSetting(q.db, key), { readonly: true });
      return void process.stdout.write(`${shown(key, value).value}\n`);
    }
    const values = (argv.values ?? []).map(String);
    if (!values.length) throw new UsageError(`config set ${key} needs a value`);
    const stored = storedValue(key, values);
    await withQueue(argv, (q) => setSetting(q.db, key, stored));
  },
};
