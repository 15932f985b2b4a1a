import type { FakeAdmin, FakeWorkspace } from './types.js';

/** What a handler sees: the authenticated workspace, the token's admin and the parsed request. */
export interface Ctx {
  ws: FakeWorkspace;
  admin: FakeAdmin;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  version: string | null;
  /** Base URL of the fake, for absolute links such as `pages.next` of GET /articles. */
  baseUrl: string;
}

/** `body: undefined` sends an empty body (e.g. 202 from POST /events). */
export interface Reply {
  status: number;
  body?: unknown;
}

export type Handler = (ctx: Ctx) => Reply;

export interface Route {
  method: string;
  /** Path with `{param}` placeholders, exactly as Intercom documents it. */
  path: string;
  handler: Handler;
}

interface Compiled {
  method: string;
  re: RegExp;
  names: string[];
  handler: Handler;
}

export type Match = { handler: Handler; params: Record<string, string> } | null;

export function compileRoutes(routes: Route[]): (method: string, path: string) => Match {
  const compiled: Compiled[] = routes.map((r) => {
    const names: string[] = [];
    const src = r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { method: r.method, re: new RegExp(`^${src}/?$`), names, handler: r.handler };
  });
  return (method, path) => {
    for (const c of compiled) {
      if (c.method !== method) continue;
      const m = c.re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { handler: c.handler, params };
    }
    return null;
  };
}

export const ok = (body: unknown): Reply => ({ status: 200, body });
