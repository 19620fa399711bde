/**
 * One view of a command block's output files: attempt by attempt, stdout and stderr in the order the
 * command wrote them. Both files carry the same "--- attempt N started" marker line, which lines the
 * attempts up; within an attempt, ID.order (runner/output-order.ts) says where the command switched
 * from one stream to the other, as byte offsets into either file. Where it says nothing (no switch
 * seen, older logs) an attempt's stdout comes before its stderr.
 */

export type StreamName = 'o' | 'e';

/** "the first OFFSET bytes of this stream were written before what the other stream wrote next" */
export interface Switch {
  stream: StreamName;
  offset: number;
}

interface Attempt {
  /** the marker line that opened it, or '' for output written before any marker */
  start: string;
  /** the attempt's bytes: from after its start marker to the next attempt's marker (or the end) */
  from: number;
  to: number;
  /** the "--- attempt N succeeded|failed" line, when the attempt ended */
  end: string | null;
}

const START = /^--- attempt (\d+) started/;
const END = /^--- attempt (\d+) (succeeded|failed)/;
const MARKER = Buffer.from('--- attempt ');
const NL = 0x0a;

/** Reads ID.order's lines ("o 123"); a line it cannot read (cut short by a crash) is skipped. */
export function parseSwitches(text: string): Switch[] {
  const out: Switch[] = [];
  for (const line of text.split('\n')) {
    const m = /^([oe]) (\d+)$/.exec(line);
    if (m) out.push({ stream: m[1] as StreamName, offset: Number(m[2]) });
  }
  return out;
}

/** Keyed by the start marker line, which both files share for one attempt. */
function attempts(buf: Buffer): Map<string, Attempt> {
  const out = new Map<string, Attempt>();
  let current: Attempt = { start: '', from: 0, to: 0, end: null };
  out.set('', current);
  for (let at = 0; at < buf.length; ) {
    const nl = buf.indexOf(NL, at);
    const next = nl < 0 ? buf.length : nl + 1;
    const line = buf.subarray(at, at + MARKER.length).equals(MARKER) ? buf.toString('utf8', at, nl < 0 ? buf.length : nl) : '';
    if (START.test(line)) {
      current.to = at;
      out.set(line, (current = { start: line, from: next, to: next, end: null }));
    } else if (current.start && END.test(line)) current.end = line;
    at = next;
  }
  current.to = buf.length;
  if (out.get('')!.to === 0) out.delete('');
  return out;
}

/** One attempt's output, both streams in the order of the switches that fall inside it. */
function mergeAttempt(bufs: Record<StreamName, Buffer>, spans: Record<StreamName, Attempt | undefined>, switches: Switch[]): string[] {
  const pos = { o: spans.o?.from ?? 0, e: spans.e?.from ?? 0 };
  const pieces: Buffer[] = [];
  const take = (s: StreamName, upto: number) => {
    if (upto > pos[s]) pieces.push(bufs[s].subarray(pos[s], upto));
    pos[s] = Math.max(pos[s], upto);
  };
  let last: StreamName | null = null;
  for (const sw of switches) {
    const span = spans[sw.stream];
    if (!span || sw.offset <= span.from || sw.offset > span.to) continue;
    take(sw.stream, sw.offset);
    last = sw.stream;
  }
  // After stdout's last recorded stretch came stderr's, and the other way round.
  const rest: StreamName[] = last === 'o' ? ['e', 'o'] : ['o', 'e'];
  for (const s of rest) take(s, spans[s]?.to ?? 0);
  // A stretch that ends mid-line still ends its line: the other stream's text starts on a line of its own.
  return pieces.flatMap((p) => splitLines(p.toString('utf8'))).filter((line) => !START.test(line) && !END.test(line));
}

function splitLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

/** stdout and stderr, attempt by attempt, each attempt's lines in the order they were written, then its end marker. */
export function interleaveLogs(stdout: Buffer, stderr: Buffer, switches: Switch[] = []): string {
  const bufs = { o: stdout, e: stderr };
  const out = attempts(stdout);
  const err = attempts(stderr);
  const lines: string[] = [];
  for (const key of new Set([...out.keys(), ...err.keys()])) {
    const o = out.get(key);
    const e = err.get(key);
    if (key) lines.push(key);
    lines.push(...mergeAttempt(bufs, { o, e }, switches));
    const end = o?.end ?? e?.end;
    if (end) lines.push(end);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** The last `n` lines of a text. */
export function lastLines(text: string, n: number): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return text ? `${lines.slice(-n).join('\n')}\n` : '';
}
