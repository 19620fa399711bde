/** The one query that defines "ready to run": pending, due, no unmet dependency, in execution order. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hasTag, lacksTag } from './tag-match.js';

export interface ReadyFilter {
  tags?: string[];
  excludeTags?: string[];
  batch?: string | null;
}

export function readyBlocks(db: Kysely<Database>, filter: ReadyFilter, limit: number) {
  let q = db
    .selectFrom('blocks')
    .where('status', '=', 'pending')
    .where('run_at', '<=', Date.now())
    // Edges disappear when a dependency completes, so any edge left means "not yet".
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('block_deps').select('block_deps.block_id').whereRef('block_deps.block_id', '=', 'blocks.id'))));
  for (const tag of filter.tags ?? []) q = q.where(hasTag(db, 'tags', tag));
  for (const tag of filter.excludeTags ?? []) q = q.where(lacksTag(db, 'tags', tag));
  if (filter.batch) q = q.where('batch', '=', filter.batch);
  return q.orderBy('priority', 'desc').orderBy('id', 'asc').limit(limit);
}
