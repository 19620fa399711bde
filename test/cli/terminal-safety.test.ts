import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';
import { cliInTerminal } from '../helpers/pty.js';

const ESC = '\x1b';
/** Clears the screen, retitles the window (OSC), rings the bell, reverses text (bidi override). */
const HOSTILE = `evil ${ESC}[2J${ESC}]0;pwned\x07 \u202eright`;

describe('terminal-safe output', () => {
  it('shows control characters and escape sequences from task text visibly in list, show, history, graph and errors', () => {
    const cwd = tempDir();
    ok(['add', HOSTILE, `result ${ESC}[31mred`, '--name', 'evil'], { cwd });
    const outputs = [ok(['list'], { cwd }), ok(['list', '--format', 'tsv'], { cwd }), ok(['show', '1'], { cwd }), ok(['show', '1', '--format', 'tsv'], { cwd }), ok(['list', '--json'], { cwd })];
    ok(['execute', '1', '--logger', 'none'], { cwd });
    outputs.push(ok(['history'], { cwd }), ok(['history', '--format', 'tsv'], { cwd }), ok(['show', '1'], { cwd }));
    for (const out of outputs) {
      expect(out).not.toContain(ESC);
      expect(out).not.toContain('\x07');
      expect(out).not.toContain('\u202e');
    }
    expect(outputs[0]).toContain('evil \\e[2J\\e]0;pwned\\x07 \\u202eright');
    expect(outputs[2]).toContain('result \\e[31mred');
    expect(JSON.parse(outputs[4])[0].task).toBe(HOSTILE); // JSON keeps the text exact, escaped by JSON itself
    const unnamed = tempDir();
    ok(['add', HOSTILE], { cwd: unnamed });
    const graph = ok(['graph'], { cwd: unnamed });
    expect(graph).toContain('#1 evil \\e[2J\\e]0;pwned');
    expect(graph).not.toContain(ESC);
    const r = cli(['show', `no${ESC}[2Jsuch`], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain(ESC);
    expect(r.stderr).toContain('no\\e[2Jsuch');
  });

  it('shows them visibly in execute progress lines and the summary', () => {
    const cwd = tempDir();
    ok(['add', HOSTILE, '--cmd', `printf 'x${'\\033'}[2J' >&2; exit 1`], { cwd });
    const r = cli(['execute', '1', '--logger', 'none'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('evil \\e[2J');
    expect(r.stdout + r.stderr).not.toContain(ESC);
    const screen = cliInTerminal(['execute', '1', '--logger', 'none'], { cwd: tempDir(), columns: 120 }).screen;
    expect(screen).not.toContain(`${ESC}[2J`); // (the progress line itself uses \e[2K to redraw)
  });

  it('shows them visibly in a batch name, on run\'s start line, its summary and status --run', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'batch.json'), JSON.stringify({ name: HOSTILE, commands: [{ name: 'a', command: 'true' }] }));
    const r = cli(['run', 'batch.json', '--logger', 'none'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const runId = /^run ([0-9a-f]{8}) /m.exec(r.stderr)![1];
    const status = ok(['status', '--run', runId], { cwd });
    for (const out of [r.stdout, r.stderr, status]) {
      expect(out).toContain('evil \\e[2J\\e]0;pwned\\x07 \\u202eright');
      expect(out).not.toContain(ESC);
      expect(out).not.toContain('\u202e');
    }
  });

  it('logs escapes controls on a terminal, passes bytes unchanged into a pipe, and --raw keeps them on a terminal', () => {
    const cwd = tempDir();
    ok(['add', 'colours', '--cmd', `printf 'plain\\n\\033[2Jcleared\\n'`], { cwd });
    ok(['execute', '1', '--logger', 'none'], { cwd });
    expect(ok(['logs', '1'], { cwd })).toContain(`plain\n${ESC}[2Jcleared\n`);
    const screen = cliInTerminal(['logs', '1'], { cwd, columns: 100 }).screen;
    expect(screen).toContain('plain\n\\e[2Jcleared\n');
    expect(screen).not.toContain(ESC);
    expect(cliInTerminal(['logs', '1', '--raw'], { cwd, columns: 100 }).screen).toContain(`${ESC}[2Jcleared`);
  });

  it('keeps markdown structure and control characters in fields out of the diary', () => {
    const cwd = tempDir();
    ok(['add', `title ${ESC}[2J`, 'did it\n## not a heading\n---\n```\n<div>\n===', 'insight\n# nor this'], { cwd });
    ok(['add', 'second block'], { cwd });
    ok(['execute', '2', '--logger', 'markdown'], { cwd });
    const diary = fs.readFileSync(path.join(cwd, 'data', 'worklog.md'), 'utf8');
    const lines = diary.split('\n');
    expect(lines.filter((l) => /^\s*#/.test(l))).toEqual([expect.stringMatching(/^## title \\e\[2J — /), expect.stringMatching(/^## second block — /)]);
    expect(lines.filter((l) => /^\s*(-{3,}|={3,}|```|<div>)\s*$/.test(l))).toEqual([]);
    expect(diary).toContain('\\## not a heading');
    expect(diary).toContain('\\---');
    expect(diary).not.toContain(ESC);
  });

  describe('--json escapes bidi and C1 controls (the same value to a parser) in every listing', () => {
    /** A bidi override and the one-byte C1 CSI: JSON.stringify leaves both raw. */
    const SNEAKY = 'x\u202ey\u009bz';
    const raw = /[\u202e\u009b]/;
    const setUp = () => {
      const cwd = tempDir();
      fs.writeFileSync(path.join(cwd, 'batch.json'), JSON.stringify({ name: `batch ${SNEAKY}`, commands: [{ name: 'say', command: `echo '${SNEAKY}'`, check: `echo '${SNEAKY}'` }] }));
      return cwd;
    };
    const cases: Array<[string, (cwd: string) => string[], (parsed: any) => unknown]> = [
      ['template list', (cwd) => (ok(['template', 'add', 't', '--cmd', `echo '${SNEAKY}'`], { cwd }), ['template', 'list', '--json']), (p) => p[0].command.shell],
      ['template show', (cwd) => (ok(['template', 'add', 't', '--cmd', `echo '${SNEAKY}'`], { cwd }), ['template', 'show', 't', '--json']), (p) => p.command.shell],
      ['schedule list', (cwd) => (ok(['schedule', 'add', 's', '--every', '1h', '--cmd', `echo '${SNEAKY}'`], { cwd }), ['schedule', 'list', '--json']), (p) => JSON.stringify(p)],
      ['run', () => ['run', 'batch.json', '--json', '--logger', 'none'], (p) => p.name],
      ['stats', (cwd) => (ok(['run', 'batch.json', '--logger', 'none'], { cwd }), ['stats', '--json']), (p) => p.by_run[0].name],
      ['config list', (cwd) => (ok(['config', 'set', 'loggers', `jsonl:${SNEAKY}.jsonl`], { cwd }), ['config', 'list', '--json']), (p) => p.loggers[0]],
      ['run --check', () => ['run', 'batch.json', '--check', '--json'], (p) => p.commands[0].check],
    ];
    for (const [name, prepare, pick] of cases) {
      it(name, () => {
        const cwd = setUp();
        const out = ok(prepare(cwd), { cwd });
        expect(out).not.toMatch(raw);
        expect(String(pick(JSON.parse(out)))).toContain(SNEAKY);
      });
    }
  });
});
