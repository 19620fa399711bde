/** `workblock status`: counts by state, running blocks, success rate; `--watch` refreshes. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandModule } from 'yargs';
import { statusJson, statusText } from '../format/status.js';
import { useColor } from '../format/output.js';
import { queueStatus } from '../queue/status.js';
import { withQueue, type GlobalArgs } from './context.js';
import { watchForStop } from '../worker/shutdown.js';

interface StatusArgs extends GlobalArgs {
  json?: boolean;
  watch?: boolean;
}

export const statusCommand: CommandModule<GlobalArgs, StatusArgs> = {
  command: 'status',
  describe: 'counts by state, running blocks, success rate and average duration',
  builder: (y) =>
    y
      .options({
        json: { type: 'boolean', describe: 'print JSON' },
        watch: { alias: 'w', type: 'boolean', describe: 'refresh every 2 s until Ctrl-C' },
      })
      .example('$0 status --watch', 'keep an eye on a running execute') as never,
  handler: async (argv) => {
    await withQueue(
      argv,
      async (q) => {
        const render = async () => {
          const s = await queueStatus(q.db);
          return argv.json ? JSON.stringify(statusJson(s)) : statusText(s);
        };
        if (!argv.watch) return void process.stdout.write(`${argv.json ? JSON.stringify(statusJson(await queueStatus(q.db)), null, 2) : await render()}\n`);
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
