import type { Context } from 'hono';

export type JsonBody = { ok: true; value: unknown } | { ok: false; reason: 'content_type' | 'parse' };

/** Reads a JSON body (the size limit is enforced by middleware before this runs). */
export async function readJson(c: Context): Promise<JsonBody> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) return { ok: false, reason: 'content_type' };
  try {
    return { ok: true, value: JSON.parse(await c.req.text()) };
  } catch {
    return { ok: false, reason: 'parse' };
  }
}
