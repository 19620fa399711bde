/** discord:URL: Discord's execute-webhook payload, `content` plus one embed with counts, duration and failed blocks. */
import { shortDuration } from '../format/time.js';
import { postJson } from './http.js';
import { clipLines, failedLine, headline, type NotifySummary } from './summary.js';

const GREEN = 0x2ecc71;
const RED = 0xe74c3c;
/** Discord's limits: content 2000 characters, embed title 256, field value 1024. */
const FIELD_MAX = 1024;

export function discordPayload(s: NotifySummary): Record<string, unknown> {
  const fields = [
    { name: 'Executed', value: String(s.executed), inline: true },
    { name: 'Succeeded', value: String(s.successful), inline: true },
    { name: 'Failed', value: String(s.failed), inline: true },
    { name: 'Duration', value: shortDuration(s.duration_ms), inline: true },
  ];
  if (s.failed_blocks.length) fields.push({ name: 'Failed blocks', value: clipLines(s.failed_blocks.map(failedLine), FIELD_MAX), inline: false });
  return {
    username: 'workblock',
    content: headline(s).slice(0, 2000),
    // Task text is user text: it must not ping @everyone or roles.
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: (s.run_name ?? (s.event === 'run' ? 'workblock run' : 'workblock execute')).slice(0, 256),
        color: s.success ? GREEN : RED,
        fields,
        ...(s.run_id ? { footer: { text: `run ${s.run_id}` } } : {}),
        timestamp: s.finished_at,
      },
    ],
  };
}

export function sendDiscord(url: string, s: NotifySummary, label: string): Promise<void> {
  return postJson(url, discordPayload(s), label);
}
