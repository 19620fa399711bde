/** Every command module, listed once (yargs under ESM: no commandDir). */
import type { CommandModule } from 'yargs';
import { addCommand } from './add.js';
import { configCommand } from './config.js';
import { executeCommand } from './execute.js';
import { exportCommand } from './export.js';
import { historyCommand } from './history.js';
import { importCommand } from './import.js';
import { listCommand } from './list.js';
import { pauseCommand, resumeCommand } from './pause.js';
import { pruneCommand } from './prune.js';
import { recoverCommand } from './recover.js';
import { migrateCommand } from './migrate.js';
import { removeCommand } from './remove.js';
import { retryCommand } from './retry.js';
import { showCommand } from './show.js';
import { runCommand } from './run.js';
import { logsCommand } from './logs.js';
import { graphCommand } from './graph.js';
import { editCommand } from './edit.js';
import { killCommand } from './kill.js';
import { waitCommand } from './wait.js';
import { cronCommand } from './cron.js';
import { statusCommand } from './status.js';
import { statsCommand } from './stats.js';
import { templateCommand } from './template.js';
import { scheduleCommand } from './schedule.js';
import { schemaCommand } from './schema.js';
import { serveCommand } from './serve.js';
import type { GlobalArgs } from './context.js';

export const commands = [
  addCommand,
  listCommand,
  executeCommand,
  runCommand,
  statusCommand,
  logsCommand,
  graphCommand,
  showCommand,
  editCommand,
  killCommand,
  waitCommand,
  removeCommand,
  retryCommand,
  historyCommand,
  statsCommand,
  templateCommand,
  scheduleCommand,
  pruneCommand,
  exportCommand,
  importCommand,
  configCommand,
  pauseCommand,
  resumeCommand,
  recoverCommand,
  cronCommand,
  schemaCommand,
  serveCommand,
  migrateCommand,
] as unknown as Array<CommandModule<GlobalArgs, GlobalArgs>>;
