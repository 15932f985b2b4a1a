import { Hono } from 'hono';
import type { Config } from '../config.js';
import { connectHtml } from './pages/connect-html.js';
import { connectScript } from './pages/connect-script.js';
import { connectStyle } from './pages/connect-style.js';

const PAGE_SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

/** The connect page at / and its two same-origin assets. The page is rendered once, from the config. */
export function connectPage(config: Pick<Config, 'publicUrl' | 'allowedOrigins'>) {
  const html = connectHtml({ publicUrl: config.publicUrl, allowedOrigins: config.allowedOrigins });
  const page = new Hono();
  page.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) c.header(name, value);
  });
  page.get('/', (c) => c.html(html));
  page.get('/assets/connect.js', (c) =>
    c.body(connectScript, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
  );
  page.get('/assets/connect.css', (c) =>
    c.body(connectStyle, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
  );
  return page;
}
