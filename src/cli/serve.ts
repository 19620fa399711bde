/** `workblock serve`: a live dashboard of the queue in the browser. The server code loads only here. */
import type { CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { withQueue, type GlobalArgs } from './context.js';
import { watchForStop } from '../worker/shutdown.js';

interface ServeArgs extends GlobalArgs {
  port: number;
  host: string;
  token?: string;
}

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
    const { startServer } = await import('../serve/server.js');
    const { isLoopback, newSecret } = await import('../serve/security.js');
    const token = argv.token ?? (isLoopback(argv.host) ? null : newSecret());
    await withQueue(argv, async (queue) => {
      const { signal, dispose } = watchForStop('stopping the dashboard');
      const server = await startServer({ queue, host: argv.host, port: argv.port, token, log: (line) => process.stderr.write(`${line}\n`) });
      try {
        // The address on stderr (tests read the port from it); the token appears here once, only when generated.
        const shown = token && argv.token === undefined ? `${server.url}?token=${token}` : server.url;
        process.stderr.write(`workblock dashboard on ${shown}\n(Ctrl-C to stop)\n`);
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      } finally {
        await server.close();
        dispose();
      }
    });
  },
};
