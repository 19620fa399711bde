/** Renders one finished block as a readable Markdown diary section; pure, so it is cheap and easy to test. */
import { format } from 'date-fns/format';
import { shortDuration } from '../format/duration.js';
import { redactText } from '../format/redact.js';
import { visibleText } from '../format/terminal-text.js';
import type { Command, ExecOutcome, WorkBlock } from '../queue/types.js';

/** Enough stderr to see why it failed without burying the diary in output. */
const STDERR_LINES = 20;
/** What a command printed last is usually its verdict ("42 passed"); a few lines say it. */
const STDOUT_LINES = 10;

export function renderMarkdownEntry(block: WorkBlock, outcome: ExecOutcome): string {
  const when = localMinute(outcome.finishedAt);
  const lines = [`## ${oneLine(block.task)} — ${when}`, ''];
  lines.push(`- Block: #${block.id}${block.name ? ` (${block.name})` : ''}${block.tags.length ? ` · tags: ${block.tags.join(', ')}` : ''}`);
  if (block.result.trim()) lines.push(item('Result', block.result));
  if (block.insight.trim()) lines.push(item('Insight', block.insight));
  if (block.nextStep.trim()) lines.push(item('Next step', block.nextStep));
  // A note (no command) took no time worth reporting: "Duration: 0 ms" would only be noise.
  if (block.command) lines.push(`- Duration: ${formatShortDuration(outcome.durationMs)}`);
  lines.push(`- Outcome: ${describeOutcome(outcome, block.env)}`);
  if (block.command) lines.push(`- Command: ${codeSpan(redactText(commandText(block.command), block.env))}`);
  const stdout = block.command ? lastLines(outcome.stdoutTail, STDOUT_LINES) : '';
  if (stdout.trim()) lines.push('', 'output (last lines):', fenced(redactText(stdout, block.env)));
  const stderr = outcome.ok ? '' : lastLines(outcome.stderrTail, STDERR_LINES);
  if (stderr) lines.push('', 'stderr (last lines):', fenced(visibleText(redactText(stderr, block.env))));
  return `${lines.join('\n')}\n\n`;
}

/**
 * "850 ms", "12.3 s", "4 min 5 s", "2 h 3 min": the one shortDuration of format/, so the diary
 * rounds as every other output does (299.6 s is "5 min", never "5 min 0 s"; 59.96 s is "1 min").
 */
export const formatShortDuration = shortDuration;

/**
 * date-fns `format` is the costliest step of an entry, and blocks delivered in a burst finish in
 * the same minute, so the last label is reused (UTC offsets are whole minutes).
 */
let lastMinute = Number.NaN;
let lastLabel = '';
function localMinute(ms: number): string {
  const minute = Math.floor(ms / 60_000);
  if (minute !== lastMinute) {
    lastMinute = minute;
    lastLabel = format(ms, 'yyyy-MM-dd HH:mm');
  }
  return lastLabel;
}

function describeOutcome(outcome: ExecOutcome, env: Record<string, string>): string {
  if (outcome.ok) return outcome.exitCode === null ? 'success' : `success (exit ${outcome.exitCode})`;
  if (outcome.timedOut) return 'failed: timed out';
  if (outcome.signal) return `failed: killed by ${outcome.signal}`;
  if (outcome.exitCode !== null) return `failed (exit ${outcome.exitCode})`;
  return outcome.error ? `failed: ${oneLine(redactText(outcome.error, env))}` : 'failed';
}

function commandText(command: Command): string {
  if ('shell' in command) return command.shell;
  return command.argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Continuation lines are indented so multi-line text stays inside its list item. */
function item(label: string, text: string): string {
  return `- ${label}: ${escapeBlocks(visibleText(text.trim())).replace(/\n/g, '\n  ')}`;
}

/**
 * A line of a field that would open diary structure (a heading, a rule or setext underline, a code
 * fence, an HTML block) gets its first mark backslash-escaped: it reads the same and stays text.
 */
function escapeBlocks(text: string): string {
  return text.replace(/^([ \t]*)(#|(?:[-*_=][ \t]*){3,}$|[-=]+[ \t]*$|```|~~~|<)/gm, '$1\\$2');
}

function oneLine(text: string): string {
  return visibleText(text.replace(/\s+/g, ' ').trim());
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Fences longer than any backtick run inside, so output cannot close them early. */
function codeSpan(text: string): string {
  const ticks = '`'.repeat(longestBacktickRun(text) + 1);
  return `${ticks} ${oneLine(text)} ${ticks}`;
}

function fenced(text: string): string {
  const ticks = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${ticks}text\n${text}\n${ticks}`;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}
