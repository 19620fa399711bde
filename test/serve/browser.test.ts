/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core (npm's own browser
 * download does not work here; .ci/run installs chromium when it is missing). The CLI adds and
 * executes blocks while the page is open; the page must show each change within a second.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ok, ROOT, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { startServe, type Served } from './serve-helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');
const LIVE_MS = 1000;

let browser: BrowserContext;
let served: Served;
let page: Page;
let cwd: string;

/** How long after `since` the locator became visible; fails past the bound. */
async function seenWithin(what: ReturnType<Page['locator']>, since: number, bound = LIVE_MS): Promise<number> {
  await what.first().waitFor({ state: 'visible', timeout: 15_000 });
  const took = Date.now() - since;
  expect(took, `${what} showed after ${took} ms`).toBeLessThan(bound);
  return took;
}

describe.skipIf(process.env.WORKBLOCK_SKIP_BROWSER === '1')('dashboard in Chromium', () => {
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does), or set WORKBLOCK_SKIP_BROWSER=1`);
    cwd = tempDir();
    served = await startServe(cwd);
    // A fresh profile directory per run: nothing carried over from another test or user.
    browser = await chromium.launchPersistentContext(tempDir('wb-chromium-'), {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1300, height: 1000 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(served.printed);
    await page.getByTestId('live').filter({ hasText: 'live' }).waitFor();
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('shows blocks added and executed from the CLI as they happen', async () => {
    const timings: number[] = [];
    ok(['add', 'write the notes', '--cmd', 'echo done'], { cwd });
    timings.push(await seenWithin(page.locator('[data-testid=state-pending] tr[data-block-id="1"]'), Date.now()));
    ok(['execute', '1', '--logger', 'none'], { cwd });
    timings.push(await seenWithin(page.locator('[data-testid=recent] tr[data-block-id="1"][data-outcome=success]'), Date.now()));
    await expect.poll(() => page.locator('[data-testid=state-pending] tr').count()).toBe(0);
    expect(await page.getByTestId('success-rate').textContent()).toBe('100.0 %');
    console.log(`page updated ${timings.join(' ms, ')} ms after the CLI exited`);
  });

  it('pauses and resumes from the header, and execute respects it', async () => {
    await page.getByTestId('pause').click();
    await page.getByTestId('paused').filter({ hasText: 'paused' }).waitFor();
    expect(JSON.parse(ok(['status', '--json'], { cwd })).paused.all).toBe(true);
    ok(['add', 'held back'], { cwd });
    expect(ok(['execute', '1', '--logger', 'none'], { cwd })).toMatch(/Executed 0\b/);
    await page.getByTestId('resume').click();
    await expect.poll(() => page.getByTestId('paused').textContent()).toBe('');
    ok(['execute', '1', '--logger', 'none'], { cwd });
    await page.locator('[data-testid=recent] tr[data-block-id="2"]').waitFor();
  });

  it('retries a failed block with its button', async () => {
    ok(['add', 'flaky', '--cmd', 'test -f ok-now'], { cwd });
    expect(cli(['execute', '1', '--logger', 'none'], { cwd }).code).toBe(1);
    const failedRow = page.locator('[data-testid=state-failed] tr[data-block-id="3"]');
    await seenWithin(failedRow, Date.now());
    await failedRow.locator('button[data-action=retry]').click();
    await page.locator('[data-testid=state-pending] tr[data-block-id="3"]').waitFor();
    fs.writeFileSync(path.join(cwd, 'ok-now'), '');
    ok(['execute', '1', '--logger', 'none'], { cwd });
    await page.locator('[data-testid=recent] tr[data-block-id="3"][data-outcome=success]').waitFor();
  });

  it('streams a running block’s log into its detail view, and kills it', async () => {
    ok(['add', 'talks slowly', '--cmd', 'for i in 1 2 3 4 5 6; do echo "step $i"; sleep 0.3; done; sleep 60'], { cwd });
    const executor = waitExit(startCli(['execute', '1', '--logger', 'none'], { cwd }));
    const running = page.locator('[data-testid=state-running] tr[data-block-id="4"]');
    await running.waitFor();
    await running.locator('a').click();
    await expect.poll(() => page.locator('[data-testid=detail-fields] dd[data-field=task]').textContent()).toBe('talks slowly');
    const log = page.getByTestId('log');
    await expect.poll(() => log.textContent(), { timeout: 15_000 }).toContain('step 1');
    const early = (await log.textContent()) ?? '';
    expect(early).not.toContain('step 6'); // it arrives while the command runs, not at its end
    await expect.poll(() => log.textContent(), { timeout: 15_000 }).toContain('step 6');
    await page.screenshot({ path: path.join(fs.mkdirSync(ARTIFACTS, { recursive: true }) ?? ARTIFACTS, 'dashboard.png'), fullPage: true });
    await running.locator('button[data-action=kill]').click();
    expect((await executor).code).toBe(1);
    await page.locator('[data-testid=recent] tr[data-block-id="4"][data-outcome=failed]').waitFor();
  });

  it('adds a block from the form and shows its dependency graph', async () => {
    const form = page.getByTestId('add-form');
    await form.locator('input[name=task]').fill('queued from the page');
    await form.locator('input[name=tags]').fill('web, ui');
    await form.locator('button[type=submit]').click();
    await page.locator('[data-testid=state-pending] tr', { hasText: 'queued from the page' }).waitFor();
    const [block] = JSON.parse(ok(['list', '--json'], { cwd }));
    expect(block).toMatchObject({ task: 'queued from the page', tags: ['web', 'ui'] });
    ok(['add', 'second step', '--after', String(block.id)], { cwd });
    await page.getByText('whole queue').click();
    await page.locator(`[data-testid=graph] g.node[data-node-id="${block.id + 1}"]`).waitFor();
    await expect.poll(() => page.locator('[data-testid=graph] path').count()).toBeGreaterThan(1); // the arrow marker and one edge
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-graph.png'), fullPage: true });
  });

  it('draws the history chart with average and p95, and shows elapsed time, next run and the blocked reason', async () => {
    ok(['remove', '--cascade', '5'], { cwd }); // the form's block and its dependent: out of execute's way
    const add = (...args: string[]) => Number(ok(['add', ...args], { cwd }).trim());
    const slow = add('slow one', '--cmd', 'sleep 0.5');
    ok(['execute', '1', '--logger', 'none'], { cwd });
    await page.locator(`[data-testid=recent] tr[data-block-id="${slow}"][data-outcome=success]`).waitFor();
    // What the page shows is what the CLI's history says (all of it finished within this hour).
    const runs = JSON.parse(ok(['history', '--json'], { cwd })) as Array<{ outcome: string; duration_ms: number }>;
    const sorted = runs.map((r) => r.duration_ms).sort((a, b) => a - b);
    const shown = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
    const rate = ((100 * runs.filter((r) => r.outcome === 'success').length) / runs.length).toFixed(1);
    expect(await page.getByTestId('success-rate').textContent()).toBe(`${rate} %`);
    expect(await page.getByTestId('avg').textContent()).toBe(shown(Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length)));
    expect(await page.getByTestId('p95').textContent()).toBe(shown(sorted[Math.ceil(0.95 * sorted.length) - 1]));
    const chart = page.locator('[data-testid=history] svg.chart');
    expect(await chart.locator('rect.bar-ok').count()).toBe(1); // one hour with successes
    expect(await chart.locator('rect.bar-bad').count()).toBe(1); // and failures
    expect(await chart.locator('circle.avg-dot').count()).toBe(1);
    expect(await chart.locator('circle.p95-dot').count()).toBe(1);

    const base = add('fails for good', '--name', 'base', '--cmd', 'exit 1');
    const waiting = add('waits on it', '--after', 'base');
    expect(cli(['execute', '1', '--logger', 'none'], { cwd }).code).toBe(1);
    // An execute waits for the retries it scheduled: stopped while it waits, the retry stays scheduled.
    const retry = add('retries later', '--cmd', 'exit 1', '--retries', '2', '--retry-delay', '1h');
    const retrying = startCli(['execute', '1', '--logger', 'none'], { cwd });
    const retryingExit = waitExit(retrying);
    await page.locator(`[data-testid=state-retry] tr[data-block-id="${retry}"]`).waitFor();
    retrying.kill('SIGTERM');
    await retryingExit;
    const long = add('runs a while', '--cmd', 'sleep 60');
    const executor = startCli(['execute', '1', '--logger', 'none'], { cwd });
    const exited = waitExit(executor);
    try {
      const reason = (state: string, id: number) => page.locator(`[data-testid=state-${state}] tr[data-block-id="${id}"] td.task .note`);
      await expect.poll(() => reason('blocked', waiting).textContent()).toBe(`dependency #${base} (base) failed`);
      expect(await reason('failed', base).textContent()).toBe('command exited with code 1');
      const nextRun = page.locator(`[data-testid=state-retry] tr[data-block-id="${retry}"] td.note`);
      expect(await nextRun.textContent()).toMatch(/^next run in \d+(m \d\ds|h \d\dm)$/);
      // The running block's elapsed time counts up on the page while it runs.
      const elapsed = page.locator(`[data-testid=state-running] tr[data-block-id="${long}"] td.note`);
      await elapsed.waitFor();
      const seconds = async () => {
        const text = (await elapsed.textContent()) ?? '';
        const m = /^(\d+) ms$|^(\d+\.\d) s$/.exec(text);
        if (!m) throw new Error(`elapsed cell reads "${text}"`);
        return m[1] !== undefined ? Number(m[1]) / 1000 : Number(m[2]);
      };
      const first = await seconds();
      await expect.poll(seconds, { timeout: 10_000 }).toBeGreaterThanOrEqual(first + 1.5);
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-states.png'), fullPage: true });
    } finally {
      executor.kill('SIGTERM');
      await exited;
    }
  });

  it('lists a run and draws only its blocks when its link is clicked', async () => {
    const file = path.join(cwd, 'nightly.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'nightly', commands: [{ name: 'build', command: 'exit 1' }, { name: 'test', command: 'true', depends_on: ['build'] }, { name: 'ship', command: 'true', depends_on: ['test'] }] }));
    expect(cli(['run', file, '--logger', 'none'], { cwd }).code).toBe(1); // build fails: test and ship stay, blocked
    const ids = (JSON.parse(ok(['list', '--all', '--json'], { cwd })) as Array<{ id: number; run_name: string | null }>).filter((b) => ['build', 'test', 'ship'].includes(b.run_name ?? '')).map((b) => b.id);
    expect(ids).toHaveLength(3);
    const link = page.getByTestId('runs').getByText(/^run nightly \(3 queued, 1 failed\)$/);
    await link.click();
    const nodes = page.locator('[data-testid=graph] g.node');
    await expect.poll(async () => (await nodes.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-node-id'))))).sort((a, b) => a - b)).toEqual(ids.sort((a, b) => a - b));
    expect(await page.locator('[data-testid=graph] path').count()).toBe(3); // the arrow marker and two edges
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-run.png'), fullPage: true });
  });
});
