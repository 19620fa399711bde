/** Kysely's MigrationProvider for the compiled files in migrations/, imported through importModule. */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Migration, MigrationProvider } from 'kysely';
import { importModule } from '../import-module.js';

export const MIGRATION_FILE = /^\d+.*\.js$/;

export class MigrationFiles implements MigrationProvider {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of fs.readdirSync(this.dir).filter((f) => MIGRATION_FILE.test(f))) {
      migrations[file.slice(0, -'.js'.length)] = (await importModule(pathToFileURL(path.join(this.dir, file)).href)) as Migration;
    }
    return migrations;
  }
}
