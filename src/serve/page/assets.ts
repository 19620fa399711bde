/** The page's static files by path: an ES module per concern, and the stylesheet. No build step. */
import { APP_JS } from './app-js.js';
import { DETAIL_JS } from './detail-js.js';
import { DOM_JS } from './dom-js.js';
import { GRAPH_JS } from './graph-js.js';
import { HISTORY_JS } from './history-js.js';
import { STYLE_CSS } from './style-css.js';

const JS = 'text/javascript; charset=utf-8';

export const ASSETS: Record<string, { type: string; body: string }> = {
  '/app.js': { type: JS, body: APP_JS },
  '/dom.js': { type: JS, body: DOM_JS },
  '/detail.js': { type: JS, body: DETAIL_JS },
  '/graph.js': { type: JS, body: GRAPH_JS },
  '/history.js': { type: JS, body: HISTORY_JS },
  '/style.css': { type: 'text/css; charset=utf-8', body: STYLE_CSS },
};
