/** `workblock graph`: the dependency graph of queued blocks as text, Graphviz dot or Mermaid. */
import type { CommandModule } from 'yargs';
import { graphDot, graphMermaid, graphText } from '../format/graph.js';
import { withQueue, type GlobalArgs } from './context.js';

interface GraphArgs extends GlobalArgs {
  format: 'text' | 'dot' | 'mermaid';
}

export const graphCommand: CommandModule<GlobalArgs, GraphArgs> = {
  command: 'graph',
  describe: 'draw the dependency graph of queued blocks',
  builder: (y) =>
    y
      .option('format', { type: 'string', choices: ['text', 'dot', 'mermaid'], default: 'text', describe: 'output format' })
      .example('$0 graph --format dot | dot -Tpng > graph.png', 'render with Graphviz') as never,
  handler: async (argv) => {
    await withQueue(
      argv,
      async (q) => {
        const blocks = await q.list({ all: true });
        const render = { text: graphText, dot: graphDot, mermaid: graphMermaid }[argv.format];
        process.stdout.write(`${render(blocks)}\n`);
      },
      { readonly: true },
    );
  },
};
