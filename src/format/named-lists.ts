/** `template list`, `schedule list` and `config list` as the other listings print them: an aligned table or TSV with a header. */
import { printLine } from './output.js';
import { renderTable, renderTsv, type Column, type OutputFormat } from './table.js';

export interface TemplateRow {
  name: string;
  command: string;
}

export interface ScheduleRow {
  name: string;
  recurrence: string;
  nextAt: number | null;
  task: string;
}

const TEMPLATE_COLUMNS: Array<Column<TemplateRow>> = [
  { head: 'name', cell: (t) => t.name },
  { head: 'command', cell: (t) => t.command, shrink: true },
];

const nextText = (t: number | null) => (t === null ? 'never' : new Date(t).toISOString());
const SCHEDULE_COLUMNS: Array<Column<ScheduleRow>> = [
  { head: 'name', cell: (s) => s.name },
  { head: 'recurrence', cell: (s) => s.recurrence },
  { head: 'next', cell: (s) => nextText(s.nextAt), rawHead: 'next_at' },
  { head: 'task', cell: (s) => s.task, shrink: true },
];

/** Prints rows as a table (or `empty`, a hint, when there are none) or as TSV; JSON stays with each command. */
function printRows<R>(columns: Array<Column<R>>, rows: R[], format: Exclude<OutputFormat, 'json'>, empty: string): void {
  if (format === 'tsv') return printLine(renderTsv(columns, rows));
  printLine(rows.length ? renderTable(columns, rows) : empty);
}

export function printTemplateList(rows: TemplateRow[], format: Exclude<OutputFormat, 'json'>): void {
  printRows(TEMPLATE_COLUMNS, rows, format, 'No templates. Add one with `workblock template add NAME --cmd ...`');
}

export function printScheduleList(rows: ScheduleRow[], format: Exclude<OutputFormat, 'json'>): void {
  printRows(SCHEDULE_COLUMNS, rows, format, 'No schedules. Add one with `workblock schedule add NAME --every 1h --cmd ...`');
}

export interface ConfigRow {
  key: string;
  value: string;
  isDefault: boolean;
}

const CONFIG_COLUMNS: Array<Column<ConfigRow>> = [
  { head: 'key', cell: (c) => c.key },
  { head: 'value', cell: (c) => c.value, shrink: true },
  { head: 'source', cell: (c) => (c.isDefault ? 'default' : 'set') },
];

export function printConfigList(rows: ConfigRow[], format: Exclude<OutputFormat, 'json'>): void {
  printRows(CONFIG_COLUMNS, rows, format, '');
}
