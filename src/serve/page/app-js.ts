/** The dashboard's entry module, served as /app.js. */
export const APP_JS = String.raw`
// The dashboard's client: the queue by state, live from one EventSource, and the header's actions.
// Every text goes in through textContent (never innerHTML), so task text cannot become markup.
import { act, ago, commandText, duration, h, now, setServerTime } from './dom.js';
import { refreshDetail, route } from './detail.js';
import { renderHistory } from './history.js';
import { renderRuns } from './graph.js';

const STATES = ['running', 'pending', 'retry', 'failed', 'blocked'];
const TITLES = { running: 'Running', pending: 'Pending', retry: 'Waiting to retry', failed: 'Failed', blocked: 'Blocked' };
let board = null;

function timeCell(b, state) {
  if (state === 'running' && b.started_at) return h('td', { class: 'note', 'data-since': Date.parse(b.started_at) }, duration(now() - Date.parse(b.started_at)));
  if (state === 'retry') return h('td', { class: 'note', 'data-until': Date.parse(b.run_at) }, 'next run in ' + duration(Date.parse(b.run_at) - now()));
  return h('td', { class: 'note' }, ago(Date.parse(b.created_at)));
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
  const note = state === 'blocked' || state === 'failed' ? b.last_error : commandText(b.command);
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

function render() {
  renderQueue();
  renderHistory(board);
  renderRuns(board);
  refreshDetail();
}

function connect() {
  const live = document.getElementById('live');
  const events = new EventSource('/api/events');
  events.addEventListener('board', (ev) => {
    board = JSON.parse(ev.data);
    setServerTime(board.sent_ms);
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
