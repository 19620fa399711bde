/**
 * A tag is an exact, case-sensitive name on both backends: `--tag deploy` never matches `Deploy`, and
 * `_` (allowed in tags) matches only itself. (LIKE got both wrong: case-insensitive for ASCII on
 * SQLite only, and `_` a wildcard on both.)
 */
import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';

/** Four blocks whose tags differ only by case or by the character LIKE would take as a wildcard. */
function queueWithLookalikeTags(): string {
  const cwd = tempDir();
  ok(['add', 'lower', '--tag', 'deploy'], { cwd }); // #1
  ok(['add', 'upper', '--tag', 'Deploy'], { cwd }); // #2
  ok(['add', 'underscore', '--tag', 'a_b'], { cwd }); // #3
  ok(['add', 'lookalike', '--tag', 'axb', '--tag', 'other'], { cwd }); // #4
  return cwd;
}

const ids = (json: string) => (JSON.parse(json) as Array<{ id: number }>).map((b) => b.id).sort((a, b) => a - b);

describe('tag filters', () => {
  it('list, count and the execute plan select a tag by its exact, case-sensitive name', () => {
    const cwd = queueWithLookalikeTags();
    expect(ids(ok(['list', '--json', '--tag', 'deploy'], { cwd }))).toEqual([1]);
    expect(ids(ok(['list', '--json', '--tag', 'Deploy'], { cwd }))).toEqual([2]);
    expect(ids(ok(['list', '--json', '--tag', 'a_b'], { cwd }))).toEqual([3]);
    expect(ids(ok(['list', '--json', '--tag', 'axb', '--tag', 'other'], { cwd }))).toEqual([4]);
    expect(ok(['list', '--count', '--tag', 'DEPLOY'], { cwd })).toBe('0\n');
    expect(ok(['list', '--count', '--tag', 'a_b'], { cwd })).toBe('1\n');
    expect(ids(JSON.stringify(JSON.parse(ok(['execute', '--dry-run', '--json', '--tag', 'a_b'], { cwd })).would_execute))).toEqual([3]);
    // --if-pending counts with the same filter: one block tagged exactly "deploy", not two.
    expect(cli(['execute', '--if-pending', '2', '--tag', 'deploy'], { cwd }).stderr).toContain('1 pending, fewer than 2');
  });

  it('pause --tag holds back that tag only, and execute --tag, stats --tag and wait --tag see only it', () => {
    const cwd = queueWithLookalikeTags();
    ok(['pause', '--tag', 'deploy'], { cwd });
    const ran = JSON.parse(ok(['execute', 'all', '--json', '--logger', 'none'], { cwd })) as { blocks: Array<{ id: number }> };
    expect(ran.blocks.map((b) => b.id).sort()).toEqual([2, 3, 4]);
    expect(ids(ok(['list', '--json'], { cwd }))).toEqual([1]);
    expect(JSON.parse(ok(['stats', '--json', '--tag', 'Deploy'], { cwd }))).toMatchObject({ total: 1, successful: 1 });
    expect(JSON.parse(ok(['stats', '--json', '--tag', 'a_b'], { cwd }))).toMatchObject({ total: 1 });
    // "Deploy" finished; only the paused "deploy" block is left to wait for.
    expect(cli(['wait', '--tag', 'Deploy', '--timeout', '300ms'], { cwd }).stderr).toContain('nothing to wait for');
    expect(cli(['wait', '--tag', 'deploy', '--timeout', '300ms'], { cwd }).stderr).toContain('still unfinished: #1');
    ok(['resume', '--tag', 'deploy'], { cwd });
    expect(JSON.parse(ok(['execute', '--json', '--logger', 'none', '--tag', 'Deploy'], { cwd })).executed).toBe(0);
    expect(JSON.parse(ok(['execute', '--json', '--logger', 'none', '--tag', 'deploy'], { cwd })).executed).toBe(1);
  });
});
