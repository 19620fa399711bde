/** `workblock stats`: counts, success rate, durations and retries of finished blocks, overall, per tag and per run. */
import { printJson } from '../format/output.js';
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { parseDurationMs } from '../format/time.js';
import { withQueue, type GlobalArgs } from './context.js';

interface StatsArgs extends GlobalArgs {
  since?: string;
  tag?: string[];
  run?: string;
  json?: boolean;
  format?: string;
}

export const statsCommand: CommandModule<GlobalArgs, StatsArgs> = {
  command: 'stats',
  describe: 'counts, success rate, average/p50/p95 duration and retries of finished blocks',
  builder: (y) =>
    y
      .options({
        since: { type: 'string', describe: 'only blocks finished this far back, e.g. 7d (default: all history)' },
        tag: { alias: 't', type: 'string', array: true, describe: 'only blocks with this tag (repeatable: all of them)' },
        run: { type: 'string', describe: 'only the blocks of this run (the id `workblock run` printed)' },
        json: { type: 'boolean', describe: 'print JSON' },
        format: { type: 'string', describe: 'text (default), json or prometheus (text exposition for scraping)' },
      })
      .example('$0 stats --since 7d', 'the last week, overall, per tag and per run')
      .example('$0 stats --run 3f2a9c1e --json', 'one run')
      .example('$0 stats --format prometheus > /var/lib/node_exporter/workblock.prom', 'for a textfile collector') as never,
  handler: async (argv) => {
    const format = argv.json ? 'json' : (argv.format ?? 'text');
    if (!['text', 'json', 'prometheus'].includes(format)) throw new UsageError(`bad --format "${format}": use text, json or prometheus`);
    const since = argv.since === undefined ? null : Date.now() - parseDurationMs(argv.since, '--since');
    await withQueue(
      argv,
      async (q) => {
        const { computeStats, printStatsText, statsPrometheus } = await import('../format/stats.js');
        const stats = computeStats(await q.statsRows({ since: since ?? undefined, tag: argv.tag?.map(String), run: argv.run === undefined ? undefined : String(argv.run) }), since);
        if (format === 'json') return printJson(stats);
        if (format === 'prometheus') return void process.stdout.write(statsPrometheus(stats));
        printStatsText(stats);
      },
      { readonly: true },
    );
  },
};
