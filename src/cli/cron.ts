/** `workblock cron print`: a crontab line and a systemd timer + service for this directory and database. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { withoutPassword } from '../db/location.js';
import { resolveDbPath } from '../db/open.js';
import { UsageError } from '../errors.js';
import { crontabLine, systemdUnits } from '../format/schedule-units.js';
import { parseDurationMs } from '../format/time.js';
import type { GlobalArgs } from './context.js';
import { positiveInt } from './numbers.js';

interface CronArgs extends GlobalArgs {
  action: string;
  every: string;
  n: string;
  'if-pending'?: string;
  'max-age'?: string;
  name?: string;
}

export const cronCommand: CommandModule<GlobalArgs, CronArgs> = {
  command: 'cron <action>',
  describe: 'print a crontab line and systemd units that run execute here on a schedule',
  builder: (y) =>
    y
      .positional('action', { type: 'string', choices: ['print'] })
      .options({
        every: { type: 'string', default: '30m', describe: 'how often, e.g. 15m, 1h' },
        n: { type: 'string', default: '5', describe: 'blocks per run, or all' },
        'if-pending': { type: 'string', describe: 'run only when at least M blocks are pending' },
        'max-age': { type: 'string', describe: 'with --if-pending: run anyway when the oldest waited this long' },
        name: { type: 'string', describe: 'systemd unit name (default workblock-DIRNAME)' },
      })
      .example('$0 cron print --every 30m --if-pending 5 --max-age 2h', 'heartbeat every half hour') as never,
  handler: (argv) => {
    const everyMs = parseDurationMs(argv.every, '--every', { requireUnit: true });
    if (everyMs < 60_000) throw new UsageError(`--every ${argv.every} is under a minute: cron and these timers run at most once a minute`);
    const n = argv.n === 'all' ? 'all' : String(positiveInt(argv.n, '--n'));
    const dir = process.cwd();
    const db = withoutPassword(resolveDbPath(argv.db, dir));
    const args = ['execute', n, '--quiet', '--db', db.location];
    if (argv['if-pending'] !== undefined) args.push('--if-pending', String(positiveInt(argv['if-pending'], '--if-pending')));
    if (argv['max-age'] !== undefined) {
      if (argv['if-pending'] === undefined) throw new UsageError('--max-age goes with --if-pending: e.g. --if-pending 5 --max-age 2h');
      parseDurationMs(argv['max-age'], '--max-age', { requireUnit: true });
      args.push('--max-age', argv['max-age']);
    }
    // Absolute paths: cron and systemd start with a bare PATH, and node may come from nvm.
    const argvAbs = [process.execPath, path.resolve(process.argv[1]), ...args];
    const name = argv.name ?? `workblock-${path.basename(dir).replace(/[^\w.-]/g, '_')}`;
    const spec = { dir, argv: argvAbs, everyMs, name };
    const line = crontabLine(spec);
    const { service, timer } = systemdUnits(spec);
    const out = [
      ...(db.removed ? ['# The PostgreSQL password is left out: give the job PGPASSWORD (a PGPASSWORD=... line in the crontab,', '# Environment=PGPASSWORD=... in the service) or put it in ~/.pgpass.', ''] : []),
      '# crontab -e',
      line ?? `# (cron cannot say every ${argv.every}: use the systemd timer, or --every in minutes dividing an hour)`,
      '',
      `# ~/.config/systemd/user/${name}.service`,
      service,
      `# ~/.config/systemd/user/${name}.timer  (then: systemctl --user enable --now ${name}.timer)`,
      timer,
    ];
    process.stdout.write(out.join('\n'));
  },
};
