/** The full CLI's entry (dist/bundle/entry.js): yargs and every command, each loaded when used. */
export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { main } = await import('./main.js');
  await main(argv);
}
