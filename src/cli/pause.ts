/** `workblock pause` / `resume`: stop and restart claiming, for everything or one tag. */
import type { CommandModule } from 'yargs';
import { pause, resume, type PauseState } from '../queue/pause.js';
import { tag as checkTag } from '../schema/rules.js';
import { withQueue, type GlobalArgs } from './context.js';

interface PauseArgs extends GlobalArgs {
  tag?: string;
}

function describeState(s: PauseState): string {
  if (s.all) return 'queue paused';
  return s.tags.length ? `paused tags: ${s.tags.join(', ')}` : 'queue running';
}

function pauseModule(name: 'pause' | 'resume'): CommandModule<GlobalArgs, PauseArgs> {
  const act = name === 'pause' ? pause : resume;
  return {
    command: name,
    describe: name === 'pause' ? 'stop execute from claiming blocks (running ones finish)' : 'let execute claim blocks again',
    builder: (y) => y.option('tag', { type: 'string', describe: `${name} only blocks with this tag` }).example(`$0 ${name} --tag deploy`, `${name} the deploy group`) as never,
    handler: async (argv) => {
      const tag = argv.tag === undefined ? undefined : checkTag(argv.tag, '--tag');
      const state = await withQueue(argv, (q) => act(q.db, tag));
      process.stderr.write(`${describeState(state)}\n`);
    },
  };
}

export const pauseCommand = pauseModule('pause');
export const resumeCommand = pauseModule('resume');
