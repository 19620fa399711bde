/**
 * Runs the dashboard until Ctrl-C/SIGTERM: the whole of `workblock serve` past its flags. The bundled
 * CLI keeps this (and everything it imports) in a bundle of its own, dist/bundle/serve.cjs, so the
 * other commands never load the server or the page (see scripts/bundle.js). That bundle has its own
 * copy of the error classes, so errors are reported here, not in the CLI's main.
 */
import { withQueue, type GlobalArgs } from '../cli/context.js';
import { reportError } from '../cli/report-error.js';
import { watchForStop } from '../worker/shutdown.js';
import { isLoopback, newSecret } from './security.js';
import { startServer } from './server.js';

export interface ServeArgs extends GlobalArgs {
  port: number;
  host: string;
  token?: string;
}

export async function runServe(argv: ServeArgs, rawArgv: string[] = process.argv.slice(2)): Promise<void> {
  try {
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
  } catch (e) {
    reportError(e, rawArgv);
  }
}
