/**
 * `workblock completion [bash|zsh]`: yargs' completion script. The script calls back
 * `workblock --get-yargs-completions ...`, which the yargs instance answers (main.ts enables that under
 * a hidden name); yargs picks the script's shell from $SHELL, which main.ts sets from the argument.
 */
import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from './context.js';

export const COMPLETION_SHELLS: Record<string, string> = { bash: '/bin/bash', zsh: '/bin/zsh' };
export const HIDDEN_COMPLETION = '__completion';

/** The command module; it needs the yargs instance that prints the script. */
export function completionCommand(cli: () => Argv): CommandModule<GlobalArgs, GlobalArgs> {
  return {
    command: 'completion [shell]',
    describe: 'print the shell completion script for bash or zsh (default: your $SHELL)',
    builder: (y) =>
      y
        .positional('shell', { type: 'string', choices: Object.keys(COMPLETION_SHELLS) })
        .example('$0 completion bash >> ~/.bashrc', 'complete commands and options in bash')
        .example('$0 completion zsh >> ~/.zshrc', 'the same in zsh') as never,
    handler: () => void cli().showCompletionScript(),
  };
}

