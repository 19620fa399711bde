/** webhook:URL: POSTs the summary itself (our JSON, snake_case, *_ms). */
import { postJson } from './http.js';
import type { NotifySummary } from './summary.js';

export function webhookPayload(s: NotifySummary): NotifySummary & { type: 'workblock.summary' } {
  return { type: 'workblock.summary', ...s };
}

export function sendWebhook(url: string, s: NotifySummary, label: string): Promise<void> {
  return postJson(url, webhookPayload(s), label);
}
