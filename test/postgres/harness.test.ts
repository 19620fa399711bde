import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newDatabaseUrl } from '../helpers/backend.js';
import { PG_BIN } from '../helpers/postgres-server.js';

describe('the PostgreSQL test server', () => {
  it('accepts a password login to a fresh, empty database of its own', () => {
    const url = newDatabaseUrl();
    const r = spawnSync(path.join(PG_BIN, 'psql'), ['-X', '-At', '-c', "select current_user, count(*) from pg_tables where schemaname = 'public'", url], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('wb_test|0');
  });
});
