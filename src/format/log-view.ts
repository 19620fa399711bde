/**
 * One view of a command block's two log files: attempt by attempt, its stdout and then its stderr.
 * Both files carry the same "--- attempt N started" marker lines, which is what lines them up. Within
 * one attempt the files do not record when each line was written, so the order across the two streams
 * is attempt by attempt, not line by line.
 */

interface Attempt {
  /** the marker line that opened it, or '' for output written before any marker */
  start: string;
  lines: string[];
  /** the "--- attempt N succeeded|failed" line, when the attempt ended */
  end: string | null;
}

const START = /^--- attempt (\d+) started/;
const END = /^--- attempt (\d+) (succeeded|failed)/;

function splitLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

/** Keyed by the start marker line, which both files share for one attempt. */
function attempts(text: string): Map<string, Attempt> {
  const out = new Map<string, Attempt>();
  let current: Attempt = { start: '', lines: [], end: null };
  out.set('', current);
  for (const line of splitLines(text)) {
    if (START.test(line)) out.set(line, (current = { start: line, lines: [], end: null }));
    else if (current.start && END.test(line)) current.end = line;
    else current.lines.push(line);
  }
  if (!out.get('')!.lines.length) out.delete('');
  return out;
}

/** stdout and stderr, attempt by attempt: stdout's lines, then "--- stderr" and stderr's, then the end marker. */
export function interleaveLogs(stdout: string, stderr: string): string {
  const out = attempts(stdout);
  const err = attempts(stderr);
  const lines: string[] = [];
  for (const key of new Set([...out.keys(), ...err.keys()])) {
    const o = out.get(key);
    const e = err.get(key);
    if (key) lines.push(key);
    lines.push(...(o?.lines ?? []));
    if (e?.lines.length) lines.push('--- stderr', ...e.lines);
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
