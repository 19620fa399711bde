#!/usr/bin/env node
// The README's first command: queue a few blocks on the default ./data/workblocks.db, list, execute, show the diary.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'workblock.cjs');
const diary = path.join(root, 'data', 'worklog.md');

function workblock(...args) {
  process.stderr.write(`\n$ workblock ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

workblock('add', 'Write the release notes', 'Drafted the 0.1 notes', 'Short beats complete', 'Ask for a review', '--tag', 'docs', '--key', 'demo-notes');
workblock('add', 'Review PR 42', '--priority', 'high', '--tag', 'review', '--key', 'demo-review');
workblock('add', 'Check the disk', '--cmd', 'df -h . | tail -1', '--key', 'demo-disk');
workblock('list');
workblock('execute', '5');
workblock('history', '--limit', '5');
process.stderr.write(`\n--- diary: ${path.relative(root, diary)} (last 30 lines) ---\n`);
process.stdout.write(fs.readFileSync(diary, 'utf8').split('\n').slice(-30).join('\n'));
