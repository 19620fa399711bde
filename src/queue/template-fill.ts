/**
 * Fills a template's placeholders with `add --template NAME ARGS`. Values only ever become argv
 * elements or env values, never shell text: a shell template receives its arguments as "$1", "$2"
 * of `sh -c`, and may not hold placeholders at all.
 */
import { UsageError } from '../errors.js';
import type { TemplateBlock } from '../store/templates.js';
import type { Command, NewBlock } from './types.js';

const PLACEHOLDER = /\{([1-9][0-9]*|[A-Za-z_][A-Za-z0-9_]*)\}/g;
/** the $0 a shell template's `sh -c` sees, so its error messages name something sensible */
const SHELL_NAME = 'workblock-template';

/**
 * At save time. Rewriting {1} into the shell text would be wrong inside or outside quotes alike
 * (word splitting, globbing), so a shell template names its arguments the shell's way: "$1".
 */
export function checkShellTemplate(shell: string): string {
  const m = PLACEHOLDER.exec(shell);
  PLACEHOLDER.lastIndex = 0;
  if (m) throw new UsageError(`placeholder {${m[1]}} in a shell --cmd: write "$1", "$2" for the arguments, or use --cmd -- prog {1} {name} for placeholders`);
  return shell;
}

function placeholdersIn(texts: string[]): Set<string> {
  const keys = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(PLACEHOLDER)) keys.add(m[1]);
  return keys;
}

/** How many positional arguments a shell text reads ($1, ${2}, ...). */
function shellArity(shell: string): number {
  return Math.max(0, ...[...shell.matchAll(/\$\{?([1-9][0-9]*)\}?/g)].map((m) => Number(m[1])));
}

export function fillTemplate(name: string, tpl: TemplateBlock, args: string[]): NewBlock {
  const task = [name, ...args].join(' ').slice(0, 1000);
  const command = tpl.command;
  if (command && 'shell' in command) {
    const need = shellArity(command.shell);
    if (args.length < need) throw new UsageError(`template "${name}" needs ${need} argument(s), got ${args.length}: workblock add --template ${name} ARG...`);
    const filled: Command = { argv: ['/bin/sh', '-c', command.shell, SHELL_NAME, ...args] };
    return { ...tpl, task, command: filled };
  }
  const env = tpl.env ?? {};
  const keys = placeholdersIn([...(command ? command.argv : []), ...Object.values(env)]);
  // key=value fills {key} when the template has that placeholder; everything else is positional.
  const named = new Map<string, string>();
  const positional: string[] = [];
  for (const a of args) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(a);
    if (m && keys.has(m[1])) named.set(m[1], m[2]);
    else positional.push(a);
  }
  const used = new Set<number>();
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (_m, key: string) => {
      if (/^\d+$/.test(key)) {
        const i = Number(key) - 1;
        if (i >= positional.length) throw new UsageError(`template "${name}" needs argument {${key}}, got ${positional.length} positional argument(s)`);
        used.add(i);
        return positional[i];
      }
      const v = named.get(key);
      if (v === undefined) throw new UsageError(`template "${name}" needs ${key}=VALUE`);
      return v;
    });
  const filled: NewBlock = {
    ...tpl,
    task,
    command: command ? { argv: command.argv.map(fill) } : null,
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fill(v)])),
  };
  const takes = Math.max(0, ...[...used].map((i) => i + 1));
  if (takes < positional.length) throw new UsageError(`template "${name}" takes ${takes} positional argument(s), got ${positional.length}: drop the extra ones`);
  return filled;
}
