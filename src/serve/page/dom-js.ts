/** The dashboard's helpers module, served as /dom.js (TS strings carry the page in the bundled CLI; no backticks inside). */
export const DOM_JS = String.raw`
// Small DOM and formatting helpers shared by the dashboard's modules.
const csrf = document.querySelector('meta[name=csrf-token]').content;
const SVG = 'http://www.w3.org/2000/svg';
let clockSkew = 0; // server time minus ours, so elapsed times read the server's clock

export function setServerTime(ms) {
  clockSkew = ms - Date.now();
}

export const now = () => Date.now() + clockSkew;

/** A command as the JSON gives it: shell text, or an argv list run without a shell. */
export const commandText = (c) => (Array.isArray(c) ? c.join(' ') : c);

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}

export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : String(c));
  return el;
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return Math.round(ms) + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  const sec = Math.round(ms / 1000);
  if (sec < 3600) return Math.floor(sec / 60) + 'm ' + String(sec % 60).padStart(2, '0') + 's';
  return Math.floor(sec / 3600) + 'h ' + String(Math.floor((sec % 3600) / 60)).padStart(2, '0') + 'm';
}

export function ago(ms) {
  return duration(Math.max(0, now() - ms)) + ' ago';
}

export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), 6000);
}

export async function act(path, body) {
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
`;
