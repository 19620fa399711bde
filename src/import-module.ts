/**
 * import() of a file chosen at run time (migrations, module loggers). The bundled CLI runs from a
 * vm.Script compiled with a V8 code cache, and Node 20 loses the dynamic-import callback of such a
 * script ("A dynamic import callback was not specified"), so bin/workblock.cjs, a plain CommonJS
 * module where import() works, lends its own as globalThis.__workblockImport.
 */
type Importer = (url: string) => Promise<unknown>;

export function importModule(url: string): Promise<unknown> {
  const lent = (globalThis as { __workblockImport?: Importer }).__workblockImport;
  return lent ? lent(url) : import(url);
}
