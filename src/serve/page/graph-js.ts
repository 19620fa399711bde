/** The dashboard's runs and dependency-graph module, served as /graph.js. */
export const GRAPH_JS = String.raw`
// Runs (batches) in the queue, and a dependency graph drawn as SVG, levels left to right.
import { h, s, toast } from './dom.js';

let graphFor = undefined; // undefined: none shown; null: the whole queue; text: one run

export function renderRuns(board) {
  const root = document.getElementById('runs');
  const link = (label, target) => h('a', { href: '#', onclick: (e) => { e.preventDefault(); graphFor = target; loadGraph(); } }, label);
  root.replaceChildren(
    h('h2', {}, 'Runs and dependencies'),
    h(
      'div',
      {},
      link('whole queue', null),
      board.runs.map((r) => [' · ', link('run ' + (r.name || r.batch.slice(0, 8)) + ' (' + r.blocks + ' queued' + (r.running ? ', ' + r.running + ' running' : '') + (r.failed ? ', ' + r.failed + ' failed' : '') + ')', r.batch)]),
    ),
    // The drawn graph stays on screen until its fresh copy arrives: no blank flash on every change.
    document.getElementById('graph') || h('div', { id: 'graph', 'data-testid': 'graph' }),
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
`;
