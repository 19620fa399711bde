import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskSecretsInFile } from '../../src/runner/mask-log-file.js';
import { useTempDir } from '../loggers/temp-dir.js';

const tempDir = useTempDir();

function fileWith(text: string): string {
  const file = path.join(tempDir(), 'out.log');
  fs.writeFileSync(file, text);
  return file;
}

describe('maskSecretsInFile', () => {
  it('masks every occurrence after the offset and leaves what came before alone', () => {
    const file = fileWith('before hunter22\nafter hunter22 and hunter22\n');
    maskSecretsInFile(file, 'before hunter22\n'.length, ['hunter22']);
    expect(fs.readFileSync(file, 'utf8')).toBe('before hunter22\nafter ******** and ********\n');
  });

  it('masks a secret that straddles the 1 MiB read boundary, keeping the file size', () => {
    const secret = 'straddling-secret-value';
    const head = 'x'.repeat((1 << 20) - 5);
    const file = fileWith(`${head}${secret}\ntail ${secret}`);
    maskSecretsInFile(file, 0, [secret]);
    const stars = '*'.repeat(secret.length);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${head}${stars}\ntail ${stars}`);
  });

  it('masks two secrets back to back, the first ending past where a read stops scanning', () => {
    const [first, second] = ['first-secret-straddles', 'second-one'];
    const head = 'x'.repeat((1 << 20) - 30);
    const file = fileWith(`${head}${first}${second}\n`);
    maskSecretsInFile(file, 0, [first, second]);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${head}${'*'.repeat(first.length + second.length)}\n`);
  });

  it('masks the longest of overlapping secrets whole', () => {
    const file = fileWith('abcdefgh and abcd\n');
    maskSecretsInFile(file, 0, ['abcdefgh', 'abcd']);
    expect(fs.readFileSync(file, 'utf8')).toBe('******** and ****\n');
  });

  it('leaves a file without secrets byte for byte as it was', () => {
    const file = fileWith('nothing to see\n');
    const before = fs.statSync(file).mtimeMs;
    maskSecretsInFile(file, 0, ['hunter22']);
    expect(fs.readFileSync(file, 'utf8')).toBe('nothing to see\n');
    expect(fs.statSync(file).mtimeMs).toBe(before);
  });
});
