/** The dashboard's one page; the CSRF token is filled in per server. */
export function indexHtml(opts: { csrf: string; dbLabel: string }): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${esc(opts.csrf)}">
<title>workblock</title>
<link rel="stylesheet" href="/style.css">
<script type="module" src="/app.js"></script>
</head>
<body>
<header>
  <h1>workblock</h1>
  <span class="db" title="database">${esc(opts.dbLabel)}</span>
  <span id="paused" class="paused-flag" data-testid="paused"></span>
  <span class="spacer"></span>
  <input id="pause-tag" placeholder="tag (optional)" size="12" aria-label="tag to pause or resume">
  <button id="pause" data-testid="pause">Pause</button>
  <button id="resume" data-testid="resume">Resume</button>
  <span id="live" class="live" data-testid="live">connecting</span>
</header>
<main>
  <div>
    <section>
      <h2>Add a block</h2>
      <form class="add" id="add" data-testid="add-form">
        <input name="task" placeholder="task" required maxlength="1000" aria-label="task">
        <input name="cmd" placeholder="command (optional)" aria-label="command">
        <input name="tags" placeholder="tags, comma-separated" aria-label="tags">
        <select name="priority" aria-label="priority"><option value="normal">normal</option><option value="high">high</option><option value="low">low</option></select>
        <button type="submit">Add</button>
      </form>
    </section>
    <div id="queue" data-testid="queue"></div>
  </div>
  <div>
    <section id="detail" data-testid="detail" hidden></section>
    <section id="history" data-testid="history"></section>
    <section id="runs" data-testid="runs"></section>
  </div>
</main>
<div id="toast" class="toast" role="alert" hidden></div>
</body>
</html>
`;
}
