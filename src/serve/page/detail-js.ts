/** The dashboard's block-detail module, served as /detail.js. */
export const DETAIL_JS = String.raw`
// One block: its fields, its runs, and its log as it is written (its own EventSource).
import { commandText, duration, h, toast } from './dom.js';

let detail = null; // { id, log: EventSource, logEl }

export async function openDetail(id) {
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
    ['command', commandText(b.command)],
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

export function closeDetail() {
  if (detail && detail.log) detail.log.close();
  detail = null;
  const root = document.getElementById('detail');
  root.hidden = true;
  root.replaceChildren();
}

export function route() {
  const m = /^#block\/(\d+)$/.exec(location.hash);
  if (m) openDetail(Number(m[1]));
  else closeDetail();
}

/** A change in the queue may change the open block: read it again (its log stream stays open). */
export function refreshDetail() {
  if (detail) openDetail(detail.id);
}
`;
