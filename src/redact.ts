/** Hides secrets before anything is shown or written: URL userinfo, token-like query values, secret env values. */
import type { Command } from './command.js';

const SECRET_NAME = /(TOKEN|KEY|SECRET|PASSWORD|PASSWD|AUTH|CREDENTIAL|SIGNATURE|^SIG$)/i;
const MASK = '***';

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Redacts userinfo and secret-looking query parameters of every URL inside `text`, whatever its
 * scheme: `postgres://admin:hunter2@db/prod` carries a password as surely as an https URL does.
 */
export function redactUrls(text: string): string {
  // Most text holds no URL: one substring search spares it the regex (measured on a 20-line tail: 2.6-7 µs -> 0.25 µs).
  if (!text.includes('://')) return text;
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]+@)?([^\s?#]*)(\?[^\s#]*)?/gi, (_m, scheme: string, userinfo: string | undefined, rest: string, query: string | undefined) => {
    const user = userinfo ? `${MASK}@` : '';
    return `${scheme}${user}${redactWebhookPath(rest)}${query ? redactQuery(query) : ''}`;
  });
}

/**
 * Discord (/api/webhooks/ID/TOKEN) and Slack (/services/T/B/TOKEN) webhook URLs carry their secret in
 * the path, so the last segment is masked whatever the host (proxies and tests use other hosts).
 */
function redactWebhookPath(hostAndPath: string): string {
  return hostAndPath
    .replace(/(\/api(?:\/v\d+)?\/webhooks\/[^/\s]+\/)[^/\s]+/i, `$1${MASK}`)
    .replace(/(\/(?:services|triggers)\/[^/\s]+\/[^/\s]+\/)[^/\s]+/i, `$1${MASK}`);
}

/** A value ends at `&`, and at whitespace or a quote: the URL was quoted in a command, keep its closing quote. */
function redactQuery(query: string): string {
  return query.replace(/([?&])([^=&]+)=([^&\s"'`]*)/g, (m, sep: string, name: string) =>
    looksSecret(name) ? `${sep}${name}=${MASK}` : m,
  );
}

/** A copy of `env` with the values of secret-looking names masked. */
export function redactEnv(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = looksSecret(k) ? MASK : redactUrls(v);
  return out;
}

/**
 * The values to mask wherever they appear, like the secrets GitHub Actions registers: those of
 * secret-looking env names, longest first (so one that contains another is masked whole). Values
 * under 4 characters are left alone: masking "1" or "yes" everywhere would garble output, not protect it.
 */
export function secretValues(env: Record<string, string> | null = {}): string[] {
  const values = Object.entries(env ?? {}).filter(([k, v]) => looksSecret(k) && v.length >= 4).map(([, v]) => v);
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

/** Masks the values of secret-looking env names that appear in free text, plus URL secrets. */
export function redactText(text: string, env: Record<string, string> | null = {}): string {
  let out = redactUrls(text);
  for (const v of secretValues(env)) out = out.split(v).join(MASK);
  return out;
}

/** A command as shown (template show, schedule list): its shell text or each argv value redacted. */
export function redactedCommand(c: Command, env: Record<string, string> | null = {}): Command {
  return 'shell' in c ? { shell: redactText(c.shell, env) } : { argv: c.argv.map((a) => redactText(a, env)) };
}
