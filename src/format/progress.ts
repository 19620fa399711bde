/** Live progress of an execute on stderr: one rewritten line on a TTY, plain lines otherwise. */
import type { ExecuteEvent } from '../worker/executor.js';
import { useColor } from './output.js';
import { clip } from './table.js';
import { visibleLine } from './terminal-text.js';
import { shortDuration } from './time.js';

export function progressReporter(total: number, stream: NodeJS.WriteStream = process.stderr): (e: ExecuteEvent) => void {
  const live = !!stream.isTTY && useColor(stream);
  let done = 0;
  let failed = 0;
  const running = new Set<number>();
  // A waiting worker (execute --wait) has no total.
  const status = () => `[${done}${Number.isFinite(total) ? `/${total}` : ''}] running ${running.size}, failed ${failed}`;
  return (e) => {
    if (e.type === 'recovered') stream.write(`recovered ${e.ids.length} block(s) from a dead executor: #${e.ids.join(', #')}\n`);
    if (e.type === 'scheduled') stream.write(`queued ${e.ids.length} scheduled block(s): #${e.ids.join(', #')}\n`);
    if (e.type === 'warning') stream.write(`warning: ${visibleLine(e.message)}\n`);
    if (e.type === 'start') running.add(e.block.id);
    if (e.type === 'start' && !live && e.block.command) stream.write(`start #${e.block.id} ${clip(e.block.task, 50)}\n`);
    if (e.type === 'finish') {
      running.delete(e.block.id);
      const r = e.report;
      if (r.status !== 'retry') done++;
      if (r.status === 'failed' || r.status === 'undelivered') failed++;
      const detail = r.error ? `: ${clip(r.error, 80)}` : '';
      const line = `${r.status} #${r.id} ${clip(r.task, 50)} (${shortDuration(r.durationMs)})${detail}`;
      if (live) stream.write(`\r\x1b[2K${line}\n`);
      else stream.write(`${line}\n`);
    }
    if (live) stream.write(`\r\x1b[2K${status()}`);
  };
}

/** Ends the live line so the next output starts clean. */
export function endProgress(stream: NodeJS.WriteStream = process.stderr): void {
  if (stream.isTTY && useColor(stream)) stream.write('\r\x1b[2K');
}
