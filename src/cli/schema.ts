/** `workblock schema`: the JSON Schema of batch files, block objects, exports and records (schema/workblock.schema.json). */
import type { CommandModule } from 'yargs';
import type { GlobalArgs } from './context.js';

export const schemaCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'schema',
  describe: 'print the JSON Schema of batch files, block lines, exports and JSON records',
  builder: (y) => y.example('$0 schema > workblock.schema.json', 'for an editor: "$schema": "./workblock.schema.json" in a batch file') as never,
  handler: async () => {
    const { jsonSchema } = await import('../schema/json-schema.js');
    process.stdout.write(`${JSON.stringify(jsonSchema(), null, 2)}\n`);
  },
};
