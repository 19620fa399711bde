/**
 * Opens a queue on PostgreSQL: Kysely's PostgresDialect on a node-postgres Pool. Loaded only when
 * --db / WORKBLOCK_DB is a postgres:// URL, so SQLite start-up never pays for `pg`.
 */
import { createRequire } from 'node:module';
import { Kysely, PostgresDialect } from 'kysely';
import type { Pool, PoolConfig } from 'pg';
import type { Database } from '../schema.js';
import { displayLocation } from '../location.js';
import { translatePgError } from './errors.js';
import { checkSchema } from './schema-version.js';
import type { SchemaVersions } from '../migrate.js';

/** bigint (int8) and numeric come back as strings by default; our values are ms and counts, far below 2^53. */
const INT8 = 20;
const NUMERIC = 1700;

function loadPg(): typeof import('pg') {
  // pg is CommonJS; require keeps it out of the bundles and works from dist/src and dist/bundle alike.
  return createRequire(import.meta.url)('pg') as typeof import('pg');
}

/**
 * node-postgres leaves the socket open when a login fails on the client side (the server asks for a
 * password and none was given): the server then waits out its authentication_timeout (60 s) and so
 * does our process. Closing the socket of a client that failed to connect ends both at once.
 */
function closingClient(pg: typeof import('pg')): typeof import('pg').Client {
  type Connecting = { connect(cb?: (err: Error | null) => void): unknown; connection?: { stream?: { destroy(): void } } };
  const Base = pg.Client as unknown as new (config?: unknown) => Connecting;
  class ClosingClient extends Base {
    connect(callback?: (err: Error | null) => void): unknown {
      if (!callback) return super.connect();
      return super.connect((err) => {
        if (err) this.connection?.stream?.destroy();
        callback(err);
      });
    }
  }
  return ClosingClient as unknown as typeof import('pg').Client;
}

export function createPool(url: string): Pool {
  const pg = loadPg();
  const config: PoolConfig = {
    connectionString: url,
    Client: closingClient(pg),
    // An executor holds at most a claim, a renewal and a settle at once; a few spare for the library.
    max: Number(process.env.WORKBLOCK_PG_POOL) || 6,
    connectionTimeoutMillis: Number(process.env.WORKBLOCK_PG_CONNECT_TIMEOUT_MS) || 10_000,
    application_name: 'workblock',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 || oid === NUMERIC ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  };
  const pool = new pg.Pool(config);
  // An idle client that loses its server emits 'error' on the pool; without a listener that kills the process.
  pool.on('error', () => undefined);
  // So does a checked-out one (a query under way when the server ends the session, say a failover):
  // its query is rejected with the error anyway, which is where it is handled.
  pool.on('connect', (client) => void client.on('error', () => undefined));
  return pool;
}

/** The pool behind each Kysely instance, for what Kysely cannot do: LISTEN on a client of its own. */
const pools = new WeakMap<Kysely<Database>, Pool>();

export function poolOf(db: Kysely<Database>): Pool | undefined {
  return pools.get(db);
}

export interface OpenedPostgres {
  db: Kysely<Database>;
  /** the URL without its password, for every message */
  display: string;
  schema: SchemaVersions;
}

export async function openPostgres(url: string, opts: { migrate?: boolean; upgrade?: boolean }): Promise<OpenedPostgres> {
  const display = displayLocation(url);
  const pool = createPool(url);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  try {
    const schema = await checkSchema(db, display, { migrateEmpty: opts.migrate !== false, upgrade: opts.upgrade });
    return { db, display, schema };
  } catch (e) {
    await db.destroy().catch(() => undefined);
    throw translatePgError(e, display);
  }
}
