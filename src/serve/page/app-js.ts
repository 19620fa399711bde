/** The dashboard's client script, served as /app.js (a TS string so the bundled CLI carries it; it has no backticks). */
export const APP_JS = String.raw`
// The dashboard's client: one EventSource for the queue view, one per opened block for its log.
// Every text goes in through textContent (never innerHTML), so task text cannot become markup.
const csrf = document.querySelector('meta[name=csrf-token]').content;
const STATES = ['running', 'pending', 'retry', 'failed', 'blocked'];
const TITLES = { running: 'Running', pending: 'Pending', retry: 'Waiting to retry', failed: 'Failed', blocked: 'Blocked' };
const SVG = 'http://www.w3.org/2000/svg';
let board = null;
let clockSkew = 0; // server time minus ours, so elapsed times read the server's clock
let detail = null; // { id, log: EventSource }

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : String(c));
  return el;
}

const now = () => Date.now() + clockSkew;

function duration(ms) {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return Math.round(ms) + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  const sec = Math.round(ms / 1000);
  if (sec < 3600) return Math.floor(sec / 60) + 'm ' + String(sec % 60).padStart(2, '0') + 's';
  return Math.floor(sec / 3600) + 'h ' + String(Math.floor((sec % 3600) / 60)).padStart(2, '0') + 'm';
}

function ago(ms) {
  return duration(Math.max(0, now() - ms)) + ' ago';
}

function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), 6000);
}

async function act(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify(body || {}),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    toast(data.error || res.status + ' ' + res.statusText);
    return null;
  }
  return data;
}

// ---- the queue, by state ----

function timeCell(b, state) {
  if (state === 'running' && b.started_at_ms) return h('td', { class: 'note', 'data-since': b.started_at_ms }, duration(now() - b.started_at_ms));
  if (state === 'retry') return h('td', { class: 'note', 'data-until': b.run_at_ms }, 'next run in ' + duration(b.run_at_ms - now()));
  return h('td', { class: 'note' }, ago(b.created_at_ms));
}

function actionsFor(b, state) {
  const button = (label, path, cls) => h('button', { class: cls, 'data-action': label.toLowerCase(), onclick: () => act('/api/blocks/' + b.id + '/' + path) }, label);
  const list = [];
  if (state === 'running') list.push(button('Kill', 'kill', 'danger'));
  if (state === 'failed' || state === 'blocked') list.push(button('Retry', 'retry'));
  if (state !== 'running') list.push(button('Remove', 'remove', 'danger'));
  return h('td', { class: 'actions' }, list);
}

function blockRow(b, state) {
  const note = state === 'blocked' || state === 'failed' ? b.last_error : b.command;
  return h(
    'tr',
    { 'data-block-id': b.id, 'data-state': state },
    h('td', { class: 'id' }, '#' + b.id),
    h('td', { class: 'task' }, h('a', { href: '#block/' + b.id }, b.task), note ? h('div', { class: 'note' }, note) : null),
    timeCell(b, state),
    actionsFor(b, state),
  );
}

function renderQueue() {
  const root = document.getElementById('queue');
  const sections = STATES.map((state) => {
    const blocks = board.blocks[state];
    const count = board.counts[state];
    if (!count && state !== 'pending' && state !== 'running') return null;
    const more = count > blocks.length ? h('div', { class: 'empty' }, '... and ' + (count - blocks.length) + ' more') : null;
    return h(
      'section',
      { 'data-testid': 'state-' + state },
      h('h2', {}, h('span', { class: 's-' + state }, TITLES[state]), h('span', { class: 'count' }, String(count))),
      blocks.length ? h('table', {}, h('tbody', {}, blocks.map((b) => blockRow(b, state)))) : h('div', { class: 'empty' }, state === 'pending' ? 'Nothing pending. Add a block above or with workblock add.' : 'Nothing running.'),
      more,
    );
  });
  root.replaceChildren(...sections.filter(Boolean));
  const paused = board.paused;
  document.getElementById('paused').textContent = paused.all ? 'paused' : paused.tags.length ? 'paused tags: ' + paused.tags.join(', ') : '';
}

// ---- history: numbers, a chart, the latest entries ----

function chart(series) {
  const W = 480, H = 140, top = 10, bottom = 18, left = 28, right = 40;
  const innerW = W - left - right, innerH = H - top - bottom;
  const maxN = Math.max(1, ...series.map((b) => b.total));
  const maxMs = Math.max(1, ...series.map((b) => b.p95_ms || 0));
  const step = innerW / series.length;
  const svg = s('svg', { class: 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'blocks finished per hour, with average and p95 duration' });
  series.forEach((b, i) => {
    const x = left + i * step + 1;
    const okH = (b.successful / maxN) * innerH;
    const badH = ((b.total - b.successful) / maxN) * innerH;
    if (b.successful) svg.append(s('rect', { class: 'bar-ok', x, y: top + innerH - okH, width: step - 2, height: okH }));
    if (b.total > b.successful) svg.append(s('rect', { class: 'bar-bad', x, y: top + innerH - okH - badH, width: step - 2, height: badH }));
  });
  const line = (key, cls) => {
    const pts = series.map((b, i) => (b[key] === null ? null : [left + i * step + step / 2, top + innerH - (b[key] / maxMs) * innerH]));
    let d = '';
    let pen = 'M';
    for (const p of pts) {
      if (!p) { pen = 'M'; continue; }
      d += pen + p[0].toFixed(1) + ' ' + p[1].toFixed(1) + ' ';
      pen = 'L';
    }
    if (d) svg.append(s('path', { class: cls, d }));
    for (const p of pts) if (p) svg.append(s('circle', { class: cls + '-dot', cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: 2 })); // one hour alone still shows
  };
  line('avg_ms', 'avg');
  line('p95_ms', 'p95');
  svg.append(s('text', { x: 2, y: top + 8 }, String(maxN)), s('text', { x: 2, y: top + innerH }, '0'));
  svg.append(s('text', { x: W - right + 4, y: top + 8 }, duration(maxMs)));
  svg.append(s('text', { x: left, y: H - 4 }, '-24 h'), s('text', { x: W - right - 18, y: H - 4 }, 'now'));
  return svg;
}

function renderHistory() {
  const hist = board.history;
  const recent = hist.series.filter((b) => b.total);
  const p95s = recent.map((b) => b.p95_ms);
  const stat = (label, value, id) => h('div', {}, h('span', {}, label), h('b', { 'data-testid': id }, value));
  document.getElementById('history').replaceChildren(
    h('h2', {}, 'History', h('span', { class: 'count' }, hist.total + ' finished')),
    h(
      'div',
      { class: 'stats' },
      stat('success rate', hist.success_rate === null ? '-' : (hist.success_rate * 100).toFixed(1) + ' %', 'success-rate'),
      stat('average', duration(hist.avg_ms), 'avg'),
      stat('p95 (worst hour, 24 h)', p95s.length ? duration(Math.max(...p95s)) : '-', 'p95'),
    ),
    chart(hist.series),
    h('div', { class: 'legend' }, 'per hour:', h('i', { class: 'sw-ok' }), 'succeeded', h('i', { class: 'sw-bad' }), 'failed', h('i', { class: 'sw-run' }), 'average', h('i', { class: 'sw-wait' }), 'p95'),
    hist.recent.length
      ? h(
          'table',
          { 'data-testid': 'recent' },
          h('thead', {}, h('tr', {}, h('th', {}, 'id'), h('th', {}, 'task'), h('th', {}, 'outcome'), h('th', {}, 'took'), h('th', {}, 'finished'))),
          h(
            'tbody',
            {},
            hist.recent.map((e) =>
              h(
                'tr',
                { 'data-history-id': e.history_id, 'data-block-id': e.id, 'data-outcome': e.outcome },
                h('td', { class: 'id' }, '#' + e.id),
                h('td', { class: 'task' }, h('a', { href: '#block/' + e.id }, e.task)),
                h('td', { class: 's-' + e.outcome }, e.outcome),
                h('td', {}, duration(e.duration_ms)),
                h('td', { class: 'note' }, ago(e.finished_at_ms)),
              ),
            ),
          ),
        )
      : h('div', { class: 'empty' }, 'Nothing has run yet: workblock execute runs pending blocks.'),
  );
}

// ---- runs and their dependency graphs ----

let graphFor = undefined; // undefined: none shown; null: the whole queue; text: one run

function renderRuns() {
  const root = document.getElementById('runs');
  const link = (label, target) => h('a', { href: '#', onclick: (e) => { e.preventDefault(); graphFor = target; loadGraph(); } }, label);
  root.replaceChildren(
    h('h2', {}, 'Runs and dependencies'),
    h(
      'div',
      {},
      link('whole queue', null),
      board.runs.map((r) => [' · ', link('run ' + r.batch.slice(0, 8) + ' (' + r.blocks + ' queued' + (r.running ? ', ' + r.running + ' running' : '') + (r.failed ? ', ' + r.failed + ' failed' : '') + ')', r.batch)]),
    ),
    h('div', { id: 'graph', 'data-testid': 'graph' }),
  );
  if (graphFor !== undefined) loadGraph();
}

async function loadGraph() {
  const res = await fetch(graphFor === null ? '/api/graph' : '/api/graph?run=' + encodeURIComponent(graphFor), { credentials: 'same-origin' });
  if (!res.ok) return toast('graph: ' + res.status);
  const g = await res.json();
  const el = document.getElementById('graph');
  if (!el) return;
  if (!g.nodes.length) return el.replaceChildren(h('div', { class: 'empty' }, 'No queued blocks in this view.'));
  const NW = 170, NH = 34, GX = 50, GY = 12;
  const cols = Math.max(...g.nodes.map((n) => n.level)) + 1;
  const rows = Math.max(...g.nodes.map((n) => n.row)) + 1;
  const W = cols * (NW + GX), H = rows * (NH + GY) + GY;
  const at = new Map(g.nodes.map((n) => [n.id, { x: 5 + n.level * (NW + GX), y: GY + n.row * (NH + GY) }]));
  const svg = s('svg', { class: 'graph', viewBox: '0 0 ' + W + ' ' + H });
  svg.style.maxHeight = Math.max(120, H) + 'px'; // CSSOM, not a style attribute: the CSP allows no inline styles
  svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' }, s('path', { d: 'M0 0 L10 5 L0 10 z' }))));
  for (const e of g.edges) {
    const a = at.get(e.from), b = at.get(e.to);
    const x1 = a.x + NW, y1 = a.y + NH / 2, x2 = b.x, y2 = b.y + NH / 2;
    svg.append(s('path', { d: 'M' + x1 + ' ' + y1 + ' C' + (x1 + GX / 2) + ' ' + y1 + ' ' + (x2 - GX / 2) + ' ' + y2 + ' ' + x2 + ' ' + y2 }));
  }
  for (const n of g.nodes) {
    const p = at.get(n.id);
    const label = '#' + n.id + ' ' + (n.name || n.task);
    const node = s('g', { class: 'node ' + n.status, 'data-node-id': n.id, transform: 'translate(' + p.x + ' ' + p.y + ')' }, s('rect', { width: NW, height: NH, rx: 4 }), s('text', { x: 6, y: 14 }, label.length > 26 ? label.slice(0, 25) + '…' : label), s('text', { x: 6, y: 28, class: 's-' + n.status }, n.status));
    node.addEventListener('click', () => (location.hash = 'block/' + n.id));
    svg.append(node);
  }
  el.replaceChildren(g.truncated ? h('div', { class: 'empty' }, 'Showing the first ' + g.nodes.length + ' blocks.') : '', svg);
}

// ---- one block: its fields, its history, its log as it is written ----

async function openDetail(id) {
  if (!detail || detail.id !== id) {
    closeDetail();
    detail = { id, log: null };
  }
  const res = await fetch('/api/blocks/' + id, { credentials: 'same-origin' });
  if (!detail || detail.id !== id) return;
  const data = res.ok ? await res.json() : null;
  const root = document.getElementById('detail');
  root.hidden = false;
  if (!data) return root.replaceChildren(h('h2', {}, 'Block #' + id), h('div', { class: 'empty' }, 'Could not load it (' + res.status + ').'));
  const b = data.block || data.history[0] || { task: '(not found)' };
  const fields = [
    ['status', data.block ? data.block.status : data.history.length ? data.history[0].outcome : 'gone'],
    ['task', b.task],
    ['command', b.command],
    ['tags', (b.tags || []).join(', ')],
    ['priority', b.priority],
    ['attempts', b.attempts],
    ['depends on', data.block && data.block.depends_on.length ? data.block.depends_on.map((d) => '#' + d).join(', ') : ''],
    ['last error', b.last_error],
    ['result', b.result],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  const log = detail.logEl || h('pre', { class: 'log', 'data-testid': 'log' });
  detail.logEl = log;
  root.replaceChildren(
    h('h2', {}, 'Block #' + id, h('span', { class: 'spacer' }), h('a', { href: '#', onclick: (e) => { e.preventDefault(); location.hash = ''; } }, 'close')),
    h('dl', { 'data-testid': 'detail-fields' }, fields.map(([k, v]) => [h('dt', {}, k), h('dd', { 'data-field': k }, String(v))])),
    data.history.length ? h('div', { class: 'note' }, 'runs: ' + data.history.map((e) => e.outcome + ' in ' + duration(e.duration_ms)).join(', ')) : '',
    h('h2', {}, 'Output'),
    log,
  );
  if (!detail.log) {
    const source = new EventSource('/api/blocks/' + id + '/log');
    const append = (cls) => (ev) => {
      const stick = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
      log.append(h('span', { class: cls }, JSON.parse(ev.data).text));
      if (stick) log.scrollTop = log.scrollHeight;
    };
    source.addEventListener('out', append('out'));
    source.addEventListener('err', append('err'));
    source.addEventListener('problem', (ev) => toast(JSON.parse(ev.data).message));
    // A reconnect would replay the tail: one stream per opening is enough.
    source.onerror = () => source.close();
    detail.log = source;
  }
}

function closeDetail() {
  if (detail && detail.log) detail.log.close();
  detail = null;
  const root = document.getElementById('detail');
  root.hidden = true;
  root.replaceChildren();
}

function route() {
  const m = /^#block\/(\d+)$/.exec(location.hash);
  if (m) openDetail(Number(m[1]));
  else closeDetail();
}

// ---- wiring ----

function render() {
  renderQueue();
  renderHistory();
  renderRuns();
  if (detail) openDetail(detail.id);
}

function connect() {
  const live = document.getElementById('live');
  const events = new EventSource('/api/events');
  events.addEventListener('board', (ev) => {
    board = JSON.parse(ev.data);
    clockSkew = board.sent_ms - Date.now();
    live.textContent = 'live';
    live.classList.add('on');
    render();
  });
  events.onerror = () => {
    live.textContent = 'reconnecting';
    live.classList.remove('on');
  };
}

// Elapsed and countdown cells tick every second without a round trip.
setInterval(() => {
  for (const el of document.querySelectorAll('[data-since]')) el.textContent = duration(now() - Number(el.dataset.since));
  for (const el of document.querySelectorAll('[data-until]')) {
    const left = Number(el.dataset.until) - now();
    el.textContent = left > 0 ? 'next run in ' + duration(left) : 'due now';
  }
}, 1000);

const tagValue = () => document.getElementById('pause-tag').value.trim() || undefined;
document.getElementById('pause').addEventListener('click', () => act('/api/pause', { tag: tagValue() }));
document.getElementById('resume').addEventListener('click', () => act('/api/resume', { tag: tagValue() }));
document.getElementById('add').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target;
  const body = { task: form.task.value, priority: form.priority.value };
  if (form.cmd.value.trim()) body.cmd = form.cmd.value;
  const tags = form.tags.value.split(',').map((t) => t.trim()).filter(Boolean);
  if (tags.length) body.tags = tags;
  if (await act('/api/blocks', body)) form.reset();
});
window.addEventListener('hashchange', route);
connect();
route();
`;
