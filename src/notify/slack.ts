/** slack:URL: Slack's incoming-webhook payload, a `text` fallback plus Block Kit `blocks`. */
import { shortDuration } from '../format/time.js';
import { postJson } from './http.js';
import { clipLines, failedLine, headline, type NotifySummary } from './summary.js';

/** Slack's limits: section text 3000 characters, header 150. */
const SECTION_MAX = 3000;

/** Slack mrkdwn treats &, < and > as control characters. */
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackPayload(s: NotifySummary): Record<string, unknown> {
  const title = s.run_name ?? (s.event === 'run' ? 'workblock run' : 'workblock execute');
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: `${s.success ? '✅' : '❌'} ${title}`.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: escape(headline(s)) } },
    {
      type: 'section',
      fields: [
        ['Executed', s.executed],
        ['Succeeded', s.successful],
        ['Failed', s.failed],
        ['Duration', shortDuration(s.duration_ms)],
      ].map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${value}` })),
    },
  ];
  if (s.failed_blocks.length) {
    const list = clipLines(s.failed_blocks.map((b) => escape(failedLine(b))), SECTION_MAX - 20);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Failed blocks*\n${list}` } });
  }
  if (s.run_id) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `run ${escape(s.run_id)}` }] });
  return { text: headline(s), blocks };
}

export function sendSlack(url: string, s: NotifySummary, label: string): Promise<void> {
  return postJson(url, slackPayload(s), label);
}
