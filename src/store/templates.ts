/** Stored templates: a named block (command, cwd, env, timeout, retries, tags) that `add --template` fills in. */
import type { Kysely } from 'kysely';
import { UsageError } from '../errors.js';
import type { Database } from '../db/schema.js';
import type { NewBlock } from '../queue/types.js';

/** What a template keeps: a block without its task, which is made from the name and arguments. */
export type TemplateBlock = Omit<NewBlock, 'task' | 'name' | 'key' | 'after' | 'afterIndex' | 'batch' | 'runAt'>;

export interface Template {
  name: string;
  block: TemplateBlock;
  createdAt: number;
}

const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

export function checkTemplateName(name: string, what = 'template'): string {
  if (!NAME.test(name)) throw new UsageError(`bad ${what} name "${name}": use 1-64 letters, digits and _ . : -`);
  return name;
}

export async function saveTemplate(db: Kysely<Database>, name: string, block: TemplateBlock, replace: boolean): Promise<void> {
  const row = { name: checkTemplateName(name), block: JSON.stringify(block), created_at: Date.now() };
  if (replace) {
    await db.insertInto('templates').values(row).onConflict((oc) => oc.column('name').doUpdateSet({ block: row.block })).execute();
    return;
  }
  const res = await db.insertInto('templates').values(row).onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
  if (!Number(res.numInsertedOrUpdatedRows)) throw new UsageError(`template "${name}" exists: remove it first or add --replace`);
}

export async function getTemplate(db: Kysely<Database>, name: string): Promise<Template> {
  const row = await db.selectFrom('templates').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row) throw new UsageError(`no template "${name}": see \`workblock template list\``);
  return { name: row.name, block: JSON.parse(row.block) as TemplateBlock, createdAt: row.created_at };
}

export async function listTemplates(db: Kysely<Database>): Promise<Template[]> {
  const rows = await db.selectFrom('templates').selectAll().orderBy('name').execute();
  return rows.map((r) => ({ name: r.name, block: JSON.parse(r.block) as TemplateBlock, createdAt: r.created_at }));
}

export async function removeTemplate(db: Kysely<Database>, name: string): Promise<void> {
  const res = await db.deleteFrom('templates').where('name', '=', name).executeTakeFirst();
  if (!Number(res.numDeletedRows)) throw new UsageError(`no template "${name}": see \`workblock template list\``);
}
