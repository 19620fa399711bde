import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { until } from '../helpers/processes.js';

const TOKEN = 'ghp_R3alLooking70ken';

function filesUnder(dir: string): string {
  return fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
}

describe('secrets in command output', () => {
  for (const [how, tail] of [['succeeds', 'true'], ['fails', 'exit 3']]) {
    it(`masks an --env GITHUB_TOKEN value the command echoes, in workblock logs and the files at rest, when the command ${how}`, () => {
      const cwd = tempDir();
      ok(['add', 'uses a token', '--cmd', `echo "token=$GITHUB_TOKEN"; echo "stderr $GITHUB_TOKEN" >&2; ${tail}`, '--env', `GITHUB_TOKEN=${TOKEN}`], { cwd });
      cli(['execute', '--logger', 'markdown', '--logger', 'jsonl'], { cwd });
      const logs = cli(['logs', '1'], { cwd });
      expect(logs.code).toBe(0);
      expect(logs.stdout).toMatch(/token=\*{3,}\n/);
      // Both streams, attempt by attempt, on stdout (logs --stderr prints that one alone).
      expect(logs.stdout).toMatch(/stderr \*{3,}\n/);
      const everything = [logs.stdout, logs.stderr, filesUnder(path.join(cwd, 'data', 'logs')), ok(['history', '--json'], { cwd }), ok(['list', '--all', '--json'], { cwd })];
      everything.push(fs.readFileSync(path.join(cwd, 'data', 'worklog.md'), 'utf8'), fs.readFileSync(path.join(cwd, 'data', 'worklog.jsonl'), 'utf8'));
      for (const text of everything) expect(text).not.toContain(TOKEN);
    });
  }

  it('masks the value in workblock logs while the command is still running', async () => {
    const cwd = tempDir();
    const marker = path.join(cwd, 'printed');
    ok(['add', 'slow', '--cmd', `echo "token=$API_KEY"; touch ${marker}; sleep 3`, '--env', `API_KEY=${TOKEN}`], { cwd });
    const execute = startCli(['execute', '--logger', 'none'], { cwd });
    const done = waitExit(execute);
    await until(() => fs.existsSync(marker));
    const during = cli(['logs', '1'], { cwd });
    const follow = cli(['logs', '1', '--follow'], { cwd });
    expect((await done).code).toBe(0);
    for (const r of [during, follow]) {
      expect(r.stdout).toMatch(/token=\*{3,}\n/);
      expect(r.stdout).not.toContain(TOKEN);
    }
    expect(follow.stdout).toMatch(/--- attempt 1 succeeded\n$/);
  });

  it('masks URL userinfo of any scheme in list, show, history and the diary', () => {
    const cwd = tempDir();
    ok(['add', 'query prod', '--cmd', 'echo psql postgres://admin:hunter2@db/prod; exit 1'], { cwd });
    const shown = [ok(['list'], { cwd }), ok(['list', '--all', '--json'], { cwd }), ok(['show', '1'], { cwd }), ok(['show', '1', '--json'], { cwd })];
    const run = cli(['execute', '--logger', 'markdown'], { cwd });
    shown.push(run.stdout, run.stderr, ok(['history'], { cwd }), ok(['history', '--json'], { cwd }), cli(['logs', '1'], { cwd }).stdout);
    shown.push(fs.readFileSync(path.join(cwd, 'data', 'worklog.md'), 'utf8'));
    for (const text of shown) expect(text).not.toContain('hunter2');
    expect(ok(['show', '1', '--json'], { cwd })).toContain('postgres://***@db/prod');
  });
});
