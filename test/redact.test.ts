import { describe, expect, it } from 'vitest';
import { redactText, redactUrls, secretValues } from '../src/redact.js';

describe('redact', () => {
  it('masks URL userinfo whatever the scheme', () => {
    const text = 'psql postgres://admin:hunter2@db/prod; mysql://root:pw1234@h:3306/x redis://:s3cret@cache:6379 git+ssh://me:tok3n@git.example/repo';
    const out = redactUrls(text);
    for (const secret of ['hunter2', 'pw1234', 's3cret', 'tok3n', 'admin:']) expect(out).not.toContain(secret);
    expect(out).toBe('psql postgres://***@db/prod; mysql://***@h:3306/x redis://***@cache:6379 git+ssh://***@git.example/repo');
  });

  it('leaves text without a URL, and URLs without userinfo, as they are', () => {
    expect(redactUrls('user@example.com wrote: a:b@c')).toBe('user@example.com wrote: a:b@c');
    expect(redactUrls('see https://example.com/a?team=ops')).toBe('see https://example.com/a?team=ops');
  });

  it('masks secret env values of 4 characters or more in free text, the longest first', () => {
    const env = { API_TOKEN: 'abcd1234', DB_PASSWORD: 'abcd', REGION: 'eu-west-1', SHORT_KEY: 'abc' };
    expect(secretValues(env)).toEqual(['abcd1234', 'abcd']);
    expect(redactText('token abcd1234, password abcd, region eu-west-1, key abc', env)).toBe('token ***, password ***, region eu-west-1, key abc');
  });

  it('ends a masked query value at a quote or whitespace, keeping the closing quote', () => {
    expect(redactUrls('curl "https://h/x?token=abc" -o out')).toBe('curl "https://h/x?token=***" -o out');
    expect(redactUrls("curl 'https://h/x?a=1&api_key=abc'")).toBe("curl 'https://h/x?a=1&api_key=***'");
    expect(redactUrls('echo `https://h/x?sig=abc`')).toBe('echo `https://h/x?sig=***`');
  });
});
