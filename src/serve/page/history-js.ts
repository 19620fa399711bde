/** The dashboard's history panel module, served as /history.js. */
export const HISTORY_JS = String.raw`
// History: success rate, average and p95, an hourly chart, the latest entries.
import { ago, duration, h, s } from './dom.js';

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

export function renderHistory(board) {
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
                h('td', { class: 'note' }, ago(Date.parse(e.finished_at))),
              ),
            ),
          ),
        )
      : h('div', { class: 'empty' }, 'Nothing has run yet: workblock execute runs pending blocks.'),
  );
}
`;
