/** Where output goes: data on stdout, progress and diagnostics on stderr; colour only on a TTY without NO_COLOR. */

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return !!stream.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

/**
 * JSON.stringify escapes C0 controls but not DEL, C1 controls or bidi overrides; these get \u escapes
 * too (the same value to a parser), so JSON read on a terminal cannot drive or reorder it.
 */
export function jsonText(value: unknown, indent: number | undefined = 2): string {
  return JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${jsonText(value)}\n`);
}

export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}
