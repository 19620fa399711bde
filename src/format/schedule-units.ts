/**
 * The text of a crontab line and a systemd service + timer pair that run one workblock command on a
 * schedule, from a fixed directory with absolute paths (cron starts jobs in $HOME with a bare PATH).
 */
import path from 'node:path';

export interface ScheduleSpec {
  /** the directory to cd into */
  dir: string;
  /** argv of the command, absolute program path first */
  argv: string[];
  everyMs: number;
  /** unit name, e.g. workblock-proj */
  name: string;
}

/** POSIX shell single quotes, only where needed. */
function shQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** systemd's own quoting: double quotes, with backslash escapes; % doubled (specifier). */
function systemdQuote(s: string): string {
  const escaped = s.replace(/%/g, '%%');
  return /^[\w@+=:,./-]+$/.test(escaped) ? escaped : `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Cron can only say "every N minutes" for N dividing an hour, and "every N hours" for N dividing a day. */
export function cronSchedule(everyMs: number): string | null {
  const minutes = everyMs / 60_000;
  if (Number.isInteger(minutes) && minutes >= 1 && minutes < 60 && 60 % minutes === 0) return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
  const hours = everyMs / 3_600_000;
  if (Number.isInteger(hours) && hours >= 1 && hours <= 24 && 24 % hours === 0) return hours === 24 ? '0 0 * * *' : `0 */${hours} * * *`;
  return null;
}

export function crontabLine(spec: ScheduleSpec): string | null {
  const when = cronSchedule(spec.everyMs);
  // An unescaped % ends a crontab command (the rest becomes its stdin).
  return when && `${when} cd ${shQuote(spec.dir)} && ${spec.argv.map(shQuote).join(' ')}`.replace(/%/g, '\\%');
}

export function systemdUnits(spec: ScheduleSpec): { service: string; timer: string } {
  const seconds = Math.round(spec.everyMs / 1000);
  const service = [
    '[Unit]',
    `Description=workblock: ${path.basename(spec.dir)} queue`,
    '',
    '[Service]',
    'Type=oneshot',
    `WorkingDirectory=${systemdQuote(spec.dir)}`,
    `ExecStart=${spec.argv.map(systemdQuote).join(' ')}`,
    '',
  ].join('\n');
  const timer = [
    '[Unit]',
    `Description=run ${spec.name}.service every ${seconds} s`,
    '',
    '[Timer]',
    `OnBootSec=${seconds}s`,
    `OnUnitActiveSec=${seconds}s`,
    'Persistent=true',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return { service, timer };
}
