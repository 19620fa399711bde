/** `workblock migrate`: bring a database's schema up to this version (the one way to upgrade PostgreSQL). */
import type { CommandModule } from 'yargs';
import { withQueue, type GlobalArgs } from './context.js';

export const migrateCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'migrate',
  describe: 'upgrade the database schema (SQLite upgrades on open; PostgreSQL only here)',
  builder: (y) =>
    y
      .example('$0 migrate --db postgres://wb@db.internal/queue', 'after upgrading workblock, once the old executors stopped')
      .example('$0 migrate', 'the default SQLite database: prints its schema version') as never,
  handler: async (argv) => {
    const { from, to, path } = await withQueue(argv, async (q) => ({ ...q.schema, path: q.path }), { upgrade: true });
    process.stdout.write(`${to}\n`);
    process.stderr.write(from === to ? `${path}: schema version ${to}, up to date\n` : `${path}: schema version ${from} -> ${to}\n`);
  },
};
