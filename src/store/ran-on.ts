/**
 * Where a block runs or last ran, for `show` and `logs`: command logs stay on the executor's machine,
 * so this says which machine has them. While it runs, its lease's host; after, its newest history row's.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hostId } from './host.js';

export interface BlockHost {
  host: string;
  running: boolean;
  /** the host is this machine (the same host id), so its logs are here */
  here: boolean;
}

export async function ranOn(db: Kysely<Database>, id: number): Promise<BlockHost | null> {
  const lease = await db.selectFrom('blocks').select('lease_host').where('id', '=', id).where('status', '=', 'running').executeTakeFirst();
  const past = lease?.lease_host ? null : await db.selectFrom('history').select('host').where('block_id', '=', id).where('host', 'is not', null).orderBy('history_id', 'desc').limit(1).executeTakeFirst();
  const host = lease?.lease_host ?? past?.host ?? null;
  return host === null ? null : { host, running: !!lease?.lease_host, here: host === hostId() };
}
