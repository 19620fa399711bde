/** `workblock status`: counts by state, running blocks, success rate; `--watch` refreshes. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandModule } from 'yargs';
import { statusJson, statusText, statusTsv } from '../format/status.js';
import { jsonText, useColor } from '../format/output.js';
import { tsvField, visibleLine } from '../format/terminal-text.js';
import type { OutputFormat } from '../format/table.js';
import { queueStatus } from '../queue/status.js';
import { withQueue, type GlobalArgs } from './context.js';
import { formatOptions, outputFormat, type FormatArgs } from './format-option.js';
import { watchForStop } from '../worker/shutdown.js';
import type { RunState } from '../queue/runs.js';

function printRunStatus(s: RunState, format: OutputFormat): void {
  const record = { run_id: s.run.id, name: s.run.name, file: s.run.file, created_at: new Date(s.run.createdAt).toISOString(), queued: s.queued, finished: s.finished };
  if (format === 'json') return void process.stdout.write(`${jsonText(record)}\n`);
  if (format === 'tsv') {
    const figures = [['run_id', s.run.id], ['name', s.run.name ?? ''], ['file', s.run.file ?? ''], ['created_at', record.created_at], ...Object.entries(s.queued).map(([k, n]) => [`queued_${k}`, n]), ...Object.entries(s.finished).map(([k, n]) => [`finished_${k}`, n])];
    return void process.stdout.write(`${['name\tvalue', ...figures.map(([k, v]) => `${k}\t${tsvField(String(v))}`)].join('\n')}\n`);
  }
  const parts = (counts: Record<string, number>) => Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  process.stdout.write(`run ${s.run.id}${s.run.name ? ` (${visibleLine(s.run.name)})` : ''}${s.run.file ? ` from ${visibleLine(s.run.file)}` : ''}, started ${new Date(s.run.createdAt).toISOString()}\nqueued: ${parts(s.queued)}\nfinished: ${parts(s.finished)}\n`);
}

interface StatusArgs extends GlobalArgs, FormatArgs {
  watch?: boolean;
  run?: string;
}

export const statusCommand: CommandModule<GlobalArgs, StatusArgs> = {
  command: 'status',
  describe: 'counts by state, running blocks, success rate and average duration',
  builder: (y) =>
    y
      .options({
        ...formatOptions,
        watch: { alias: 'w', type: 'boolean', describe: 'refresh every 2 s until Ctrl-C' },
        run: { type: 'string', describe: 'one run: its name and its blocks by state and outcome' },
      })
      .example('$0 status --watch', 'keep an eye on a running execute')
      .example('$0 status --run 1a2b3c4d', 'how one run went') as never,
  handler: async (argv) => {
    const format = outputFormat(argv);
    await withQueue(
      argv,
      async (q) => {
        if (argv.run !== undefined) return printRunStatus(await q.runState(argv.run), format);
        const render = async () => {
          const s = await queueStatus(q.db);
          if (format === 'json') return jsonText(statusJson(s), argv.watch ? undefined : 2);
          return format === 'tsv' ? statusTsv(s) : statusText(s);
        };
        if (!argv.watch) return void process.stdout.write(`${await render()}\n`);
        // A TTY redraws in place; a pipe gets one snapshot per refresh.
        const live = useColor();
        const { signal, dispose } = watchForStop('stopped watching');
        try {
          while (!signal.aborted) {
            const text = await render();
            process.stdout.write(live ? `\x1b[H\x1b[2J${text}\n` : `${new Date().toISOString()}\n${text}\n`);
            await sleep(2000, undefined, { signal }).catch(() => undefined); // aborted: the loop ends
          }
        } finally {
          dispose();
        }
      },
      { readonly: true },
    );
  },
};
