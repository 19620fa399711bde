/** Sends one summary to every target that wants it, in parallel; returns the failures (never throws). */
import { coerceError } from '../errors.js';
import type { NotifySpec } from './spec.js';
import { wanted, type NotifySummary } from './summary.js';

export async function sendNotifications(specs: NotifySpec[], summary: NotifySummary): Promise<Error[]> {
  const chosen = specs.filter((spec) => wanted(spec.on, summary));
  const results = await Promise.allSettled(chosen.map((spec) => sendOne(spec, summary)));
  return results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => coerceError(r.reason));
}

/** Each target's file is loaded only when used. */
async function sendOne(spec: NotifySpec, s: NotifySummary): Promise<void> {
  switch (spec.kind) {
    case 'webhook':
      return (await import('./webhook.js')).sendWebhook(spec.url, s, spec.label);
    case 'discord':
      return (await import('./discord.js')).sendDiscord(spec.url, s, spec.label);
    case 'slack':
      return (await import('./slack.js')).sendSlack(spec.url, s, spec.label);
    case 'exec':
      return (await import('./exec.js')).sendExec(spec.argv, s, spec.label);
  }
}
