/** The dashboard's stylesheet, served as /style.css (a TS string so the bundled CLI carries it). */
export const STYLE_CSS = String.raw`
:root { --bg: #f7f7f5; --fg: #1d1d1b; --muted: #6b6b66; --line: #deded8; --ok: #1f7a3a; --bad: #b3261e; --run: #1d5fb3; --wait: #8a6d00; --card: #fff; }
@media (prefers-color-scheme: dark) { :root { --bg: #161614; --fg: #e8e8e3; --muted: #9a9a93; --line: #33332f; --card: #1e1e1b; --ok: #5cc27a; --bad: #ff7b72; --run: #6ea8ff; --wait: #e0b84d; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
header { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; padding: .6rem 1rem; border-bottom: 1px solid var(--line); background: var(--card); position: sticky; top: 0; z-index: 2; }
header h1 { font-size: 1.05rem; margin: 0; }
header .db { color: var(--muted); font-family: ui-monospace, monospace; font-size: 12px; }
header .spacer { flex: 1; }
.live { font-size: 12px; color: var(--muted); }
.live::before { content: ""; display: inline-block; width: .55rem; height: .55rem; border-radius: 50%; background: var(--bad); margin-right: .35rem; }
.live.on::before { background: var(--ok); }
.paused-flag { color: var(--wait); font-weight: 600; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; padding: 1rem; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
section { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin-bottom: 1rem; }
section h2 { font-size: .95rem; margin: 0 0 .4rem; display: flex; gap: .5rem; align-items: baseline; }
section h2 .count { color: var(--muted); font-weight: normal; }
table { width: 100%; border-collapse: collapse; }
td, th { text-align: left; padding: .25rem .4rem; border-top: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: normal; font-size: 12px; border-top: none; }
td.id { font-family: ui-monospace, monospace; color: var(--muted); white-space: nowrap; }
td.task a { color: inherit; text-decoration: none; }
td.task a:hover { text-decoration: underline; }
td.note { color: var(--muted); font-size: 12px; }
td.actions { white-space: nowrap; text-align: right; }
.empty { color: var(--muted); font-size: 13px; padding: .2rem .4rem; }
button { font: inherit; font-size: 12px; padding: .15rem .5rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); cursor: pointer; }
button:hover { border-color: var(--muted); }
button.danger { color: var(--bad); }
input, select { font: inherit; font-size: 13px; padding: .2rem .35rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
form.add { display: flex; flex-wrap: wrap; gap: .4rem; }
form.add input[name=task] { flex: 2 1 14rem; }
form.add input[name=cmd] { flex: 2 1 12rem; font-family: ui-monospace, monospace; }
form.add input[name=tags] { flex: 1 1 6rem; }
.s-success, .s-running { color: var(--run); }
.s-success { color: var(--ok); }
.s-failed, .s-blocked { color: var(--bad); }
.s-retry, .s-pending { color: var(--wait); }
.stats { display: flex; gap: 1.2rem; flex-wrap: wrap; margin-bottom: .4rem; }
.stats div span { display: block; color: var(--muted); font-size: 12px; }
.stats div b { font-size: 1.1rem; }
svg.chart { width: 100%; height: 140px; display: block; }
svg text { fill: var(--muted); font-size: 10px; }
svg .bar-ok { fill: var(--ok); opacity: .55; }
svg .bar-bad { fill: var(--bad); opacity: .7; }
svg .avg { stroke: var(--run); fill: none; stroke-width: 1.5; }
svg .avg-dot { fill: var(--run); }
svg .p95-dot { fill: var(--wait); }
svg .p95 { stroke: var(--wait); fill: none; stroke-width: 1.5; stroke-dasharray: 4 3; }
svg.graph { width: 100%; display: block; }
svg.graph rect { fill: var(--bg); stroke: var(--line); }
svg.graph g.node { cursor: pointer; }
svg.graph g.running rect { stroke: var(--run); stroke-width: 2; }
svg.graph g.failed rect, svg.graph g.blocked rect { stroke: var(--bad); stroke-width: 2; }
svg.graph text { fill: var(--fg); font-size: 11px; }
svg.graph path { stroke: var(--muted); fill: none; marker-end: url(#arrow); }
.legend { color: var(--muted); font-size: 12px; }
.sw-ok { background: var(--ok); } .sw-bad { background: var(--bad); } .sw-run { background: var(--run); } .sw-wait { background: var(--wait); }
.legend i { display: inline-block; width: .8rem; height: .2rem; vertical-align: middle; margin: 0 .2rem 0 .6rem; }
#detail dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: 0 0 .5rem; }
#detail dt { color: var(--muted); }
#detail dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
pre.log { background: #111; color: #ddd; padding: .5rem; border-radius: 4px; max-height: 26rem; overflow: auto; margin: 0; font-size: 12px; white-space: pre-wrap; word-break: break-all; }
pre.log .err { color: #ff9d94; }
.toast { position: fixed; bottom: 1rem; right: 1rem; background: var(--card); border: 1px solid var(--bad); color: var(--bad); padding: .5rem .8rem; border-radius: 6px; max-width: 30rem; }
.toast[hidden] { display: none; }
a { color: var(--run); }
`;
