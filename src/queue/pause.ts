/** Pausing: execute claims nothing (or nothing with the paused tags) until resumed. Stored as a setting. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { getSetting, setSetting, deleteSetting } from './settings.js';

export interface PauseState {
  all: boolean;
  tags: string[];
}

const KEY = 'paused';

export async function readPause(db: Kysely<Database>): Promise<PauseState> {
  const raw = await getSetting(db, KEY);
  return raw ? (JSON.parse(raw) as PauseState) : { all: false, tags: [] };
}

export async function pause(db: Kysely<Database>, tag?: string): Promise<PauseState> {
  const state = await readPause(db);
  const next = tag ? { all: state.all, tags: [...new Set([...state.tags, tag])] } : { all: true, tags: state.tags };
  await setSetting(db, KEY, JSON.stringify(next));
  return next;
}

export async function resume(db: Kysely<Database>, tag?: string): Promise<PauseState> {
  const state = await readPause(db);
  const next = tag ? { all: state.all, tags: state.tags.filter((t) => t !== tag) } : { all: false, tags: [] };
  if (!next.all && !next.tags.length) await deleteSetting(db, KEY);
  else await setSetting(db, KEY, JSON.stringify(next));
  return next;
}
