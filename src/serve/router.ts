/**
 * A tiny router over node:http: a method and a path pattern per route. `:id` matches digits only
 * (block ids are integers, and nothing else from the path ever reaches a handler), `:name` one segment.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;
type Method = 'GET' | 'POST';

interface Route {
  method: Method;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export type Match = { handler: Handler; params: Record<string, string> } | { allowed: Method[] } | null;

function compile(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = path
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(part.slice(1));
      return part === ':id' ? '(\\d{1,15})' : '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), keys };
}

/** The path's parameters, decoded; null when one is not valid percent-encoding (a 404, like any unknown path). */
function decodeParams(keys: string[], m: RegExpExecArray): Record<string, string> | null {
  try {
    return Object.fromEntries(keys.map((k, i) => [k, decodeURIComponent(m[i + 1])]));
  } catch (e) {
    if (e instanceof URIError) return null;
    throw e;
  }
}

export class Router {
  private readonly routes: Route[] = [];

  get(path: string, handler: Handler): this {
    return this.add('GET', path, handler);
  }
  post(path: string, handler: Handler): this {
    return this.add('POST', path, handler);
  }

  private add(method: Method, path: string, handler: Handler): this {
    this.routes.push({ method, ...compile(path), handler });
    return this;
  }

  /** The handler for a request, or the methods the path allows (405), or null (404). */
  match(method: string, pathname: string): Match {
    const allowed: Method[] = [];
    for (const r of this.routes) {
      const m = r.pattern.exec(pathname);
      if (!m) continue;
      if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) {
        allowed.push(r.method);
        continue;
      }
      const params = decodeParams(r.keys, m);
      return params ? { handler: r.handler, params } : null;
    }
    return allowed.length ? { allowed } : null;
  }
}
