/** `workblock serve`: a live dashboard of the queue in the browser. Checks its flags; src/serve/run.ts does the rest. */
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import type { ServeArgs } from '../serve/run.js';
import type { GlobalArgs } from './context.js';

export const serveCommand: CommandModule<GlobalArgs, ServeArgs> = {
  command: 'serve',
  describe: 'a live web dashboard of the queue (127.0.0.1:8765 by default)',
  builder: (y) =>
    y
      .options({
        port: { type: 'number', default: 8765, describe: 'port to listen on (0: any free port)' },
        host: { type: 'string', default: '127.0.0.1', describe: 'address to bind; anything but loopback needs a token' },
        token: { type: 'string', describe: 'require this token on every request (generated when --host is not loopback)' },
      })
      .example('$0 serve', 'open http://127.0.0.1:8765/')
      .example('$0 serve --host 0.0.0.0 --port 9000', 'reachable from the network, with a generated token printed once') as never,
  handler: async (argv) => {
    if (!Number.isInteger(argv.port) || argv.port < 0 || argv.port > 65535) throw new UsageError(`bad --port "${argv.port}": use 0..65535`);
    if (argv.token !== undefined && argv.token.length < 16) throw new UsageError('--token is too short: use at least 16 characters');
    // Its own bundle in the built CLI (dist/bundle/serve.cjs): no other command carries the server.
    const { runServe } = await import('../serve/run.js');
    await runServe(argv);
  },
};
