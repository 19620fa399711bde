import { describe, expect, it } from 'vitest';
import { redactText, redactUrls } from '../src/redact.js';

describe('webhook path tokens', () => {
  it('masks the token of a Discord webhook URL, on any host', () => {
    expect(redactUrls('discord:https://discord.com/api/webhooks/123456/AbC-tok_EN')).toBe('discord:https://discord.com/api/webhooks/123456/***');
    expect(redactUrls('POST http://127.0.0.1:4000/api/v10/webhooks/1/secret-token?wait=true failed')).toBe('POST http://127.0.0.1:4000/api/v10/webhooks/1/***?wait=true failed');
  });

  it('masks the token of a Slack incoming-webhook URL', () => {
    expect(redactText('slack:https://hooks.slack.com/services/T0001/B0002/XXXXsecretXXXX answered 404')).toBe('slack:https://hooks.slack.com/services/T0001/B0002/*** answered 404');
  });

  it('leaves other paths alone', () => {
    expect(redactUrls('https://example.com/api/v1/items/3')).toBe('https://example.com/api/v1/items/3');
  });
});
