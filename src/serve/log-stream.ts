/**
 * A block's log, streamed: data/logs/ID.log (stdout) and ID.err (stderr) as SSE events 'out' and
 * 'err', starting with their last 64 KiB and then whatever the command appends. The path is built
 * from the logs directory and an integer id only, opened without following a symlink. Text is sent
 * in whole lines (a partial line once it has waited a poll), each redacted with the block's env, so a
 * secret is never split across two chunks that each escape the mask.
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { errFileFor, logFile } from '../runner/log-files.js';
import { redactText } from '../redact.js';
import type { SseClient } from './sse.js';

const FIRST_BYTES = 65_536;
const MAX_READ = 1024 * 1024;
const POLL_MS = 200;

interface Tail {
  file: string;
  event: 'out' | 'err';
  offset: number | null;
  partial: string;
  partialAge: number;
  /** keeps a UTF-8 character cut by a read whole for the next one */
  decoder: StringDecoder;
}

function readNew(t: Tail): string {
  let fd: number;
  try {
    fd = fs.openSync(t.file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return '';
    if (code === 'ELOOP') throw new Error(`${t.file} is a symlink: refusing to read it`);
    throw e;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (t.offset === null || size < t.offset) t.offset = Math.max(0, size - FIRST_BYTES); // first read, or truncated
    const length = Math.min(size - t.offset, MAX_READ);
    if (length <= 0) return '';
    const buf = Buffer.alloc(length);
    const n = fs.readSync(fd, buf, 0, length, t.offset);
    t.offset += n;
    return t.decoder.write(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

/** Streams block `id`'s output to `client` until the client goes; `env` masks the block's secret values. */
export function streamLog(client: SseClient, dataDir: string, id: number, env: () => Record<string, string>): void {
  const out = logFile(dataDir, id);
  const tails: Tail[] = [
    { file: out, event: 'out', offset: null, partial: '', partialAge: 0, decoder: new StringDecoder('utf8') },
    { file: errFileFor(out), event: 'err', offset: null, partial: '', partialAge: 0, decoder: new StringDecoder('utf8') },
  ];
  const pump = () => {
    for (const t of tails) {
      let text: string;
      try {
        text = t.partial + readNew(t);
      } catch (e) {
        client.send('problem', JSON.stringify({ message: (e as Error).message }));
        client.close();
        return;
      }
      const cut = text.lastIndexOf('\n') + 1;
      let send = '';
      if (cut > 0) [send, t.partial, t.partialAge] = [text.slice(0, cut), text.slice(cut), 0];
      else if (t.partialAge >= 1) [send, t.partial, t.partialAge] = [text, '', 0]; // a line still being written waited one poll
      else [t.partial, t.partialAge] = [text, text ? t.partialAge + 1 : 0];
      if (send) client.send(t.event, JSON.stringify({ text: redactText(send, env()) }));
    }
  };
  pump();
  client.send('ready', '{}');
  const timer = setInterval(pump, POLL_MS);
  client.whenClosed(() => clearInterval(timer));
}
