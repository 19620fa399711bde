/** Starting `workblock serve` as a real child process of the built CLI, and talking to it over HTTP. */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { startCli, waitExit } from '../helpers/cli.js';

export interface Served {
  child: ChildProcess;
  /** the address serve printed (with ?token= when it generated one) */
  printed: string;
  origin: string;
  port: number;
  stderr(): string;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startServe(cwd: string, args: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  const child = startCli(['serve', '--port', '0', ...args], { cwd, env });
  const exited = waitExit(child);
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const printed = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its address: ${err}`)), 20_000);
    const look = () => {
      const m = /dashboard on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        child.stderr!.off('data', look);
        resolve(m[1]);
      }
    };
    child.stderr!.on('data', look);
    child.on('exit', () => reject(new Error(`serve exited: ${err}`)));
  });
  const url = new URL(printed);
  return {
    child,
    printed,
    origin: url.origin,
    port: Number(url.port),
    stderr: () => err,
    async stop() {
      child.kill('SIGTERM');
      const r = await exited;
      return { code: r.code, signal: r.signal };
    },
  };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with node:http (no fetch: we set Host and Origin freely). */
export function request(origin: string, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, origin), { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The page's CSRF token, as the browser reads it from the meta tag. */
export async function csrfToken(origin: string, headers: Record<string, string> = {}): Promise<string> {
  const page = await request(origin, '/', { headers });
  const m = /name="csrf-token" content="([^"]+)"/.exec(page.body);
  if (!m) throw new Error(`no csrf token in the page (${page.status})`);
  return m[1];
}

export async function post(origin: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return request(origin, path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** An open SSE stream: its events as they arrive; close() drops the connection. */
export interface EventStream {
  status: number;
  events: Array<{ event: string; data: string }>;
  text(): string;
  next(pred: (e: { event: string; data: string }) => boolean, ms?: number): Promise<{ event: string; data: string }>;
  close(): void;
}

export function openStream(origin: string, path: string, headers: Record<string, string> = {}): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, origin), { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
      const events: Array<{ event: string; data: string }> = [];
      let raw = '';
      let buffer = '';
      const waiters = new Set<() => void>();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n').filter((l) => !l.startsWith(':'));
          if (!lines.length) continue;
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
          const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          events.push({ event, data });
        }
        waiters.forEach((w) => w());
      });
      res.on('error', () => undefined); // our own close() resets it
      resolve({
        status: res.statusCode!,
        events,
        text: () => raw,
        next(pred, ms = 15_000) {
          return new Promise((ok, fail) => {
            const check = () => {
              const found = events.find(pred);
              if (!found) return;
              waiters.delete(check);
              clearTimeout(timer);
              ok(found);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no matching event within ${ms} ms; got ${events.map((e) => e.event).join(',')}`));
            }, ms);
            waiters.add(check);
            check();
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
  });
}
