/**
 * Keeps the command's heap small over a long run: a full garbage collection after every
 * COLLECT_EVERY finished blocks. Blocks claimed together live until their batch is settled, so with
 * the young generation kept small (bin/v8-settings.cjs) many of them are promoted and then die in
 * the old generation, which V8 only collects once it has grown: `execute 10000` peaked at 65-66 MiB
 * that way, 59-61 MiB collecting as it goes. The collection is asked for as a task (`execution:
 * 'async'`): V8 runs it between callbacks instead of inside this one. The CLI only: the library
 * leaves its host's garbage collector alone.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

const COLLECT_EVERY = 2000;

type Gc = (options?: { type: 'major' | 'minor'; execution: 'sync' | 'async' }) => void;

/**
 * V8's own `gc`, without starting Node with --expose-gc: the flag takes effect for a context created
 * after it is set, and is switched off again so that no other code finds a global `gc`.
 */
function fullCollection(): Gc | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as Gc;
  } catch {
    return null; // (a V8 without it: the heap just grows as it would)
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

/** Returns a function to call once per finished block. */
export function heapCap(): () => void {
  let collect: Gc | null | undefined;
  let finished = 0;
  return () => {
    if (++finished % COLLECT_EVERY) return;
    collect ??= fullCollection();
    collect?.({ type: 'major', execution: 'async' });
  };
}
