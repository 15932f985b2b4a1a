import { type Context, Hono } from 'hono';
import { IntercomApiError } from '../intercom/errors.js';
import type { ConnectionView } from '../tenancy/connection-view.js';
import { parseConnectionToken } from '../tenancy/tokens.js';
import { clientIp } from './client-ip.js';
import type { AppEnv, RouteDeps } from './context.js';
import { type ActionResult, runAction } from './manage-actions.js';
import {
  clearSession,
  connectionsOf,
  connectionTokenIn,
  type ManageSession,
  mayBeIntercomToken,
  readSession,
  sessionKey,
  writeSession,
} from './manage-session.js';
import { loadPanels } from './manage-view.js';
import { csrfCookie } from './oauth-consent.js';
import { readForm } from './oauth-responses.js';
import { manageDashboardHtml, manageSignInHtml } from './pages/manage-html.js';
import { manageStyle } from './pages/manage-style.js';

/** Like the connect page's, without script: the page is plain forms. */
const PAGE_SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; " +
    "form-action 'self'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

const SIGN_IN = 'manage:sign-in';

/**
 * /manage: the owner of a connection proves it (POST only: the connection's URL or token, or an Intercom
 * token of its workspace), then sees and changes it. Every form is CSRF-protected the way the consent
 * page is (a signed double submit bound to the browser's nonce cookie and to the session).
 */
export function managePage(deps: RouteDeps) {
  const { logger, config } = deps;
  const guard = deps.oauth.consentGuard;
  const cookie = csrfCookie(deps);
  const page = new Hono<AppEnv>();
  page.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) c.header(name, value);
  });
  page.get('/assets/manage.css', (c) =>
    c.body(manageStyle, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
  );

  /** A CSRF token for this browser, bound to `purpose`. */
  const csrfFor = (c: Context, purpose: string) => {
    const nonce = guard.nonce(cookie.read(c));
    cookie.write(c, nonce);
    return guard.sign(nonce, [purpose]);
  };
  const csrfValid = (c: Context, form: URLSearchParams, purpose: string) => {
    const given = form.getAll('csrf_token');
    return guard.verify(cookie.read(c), given.length === 1 ? given[0] : undefined, [purpose]);
  };

  const signIn = (
    c: Context<AppEnv>,
    status: 200 | 400 | 401 | 403 | 502 = 200,
    message: { error?: string; notice?: string } = {},
  ) => c.html(manageSignInHtml({ csrfToken: csrfFor(c, SIGN_IN), ...message }), status);

  const dashboard = async (
    c: Context<AppEnv>,
    session: ManageSession,
    views: ConnectionView[],
    extra: Partial<Pick<ActionResult, 'notice' | 'rotated'>> = {},
    status: 200 | 403 = 200,
  ) => {
    const first = views[0];
    const others =
      session.kind === 'connection' && first
        ? Math.max(0, (await deps.connections.listWorkspace(first.workspace.id)).length - 1)
        : 0;
    const html = manageDashboardHtml({
      session,
      csrfToken: csrfFor(c, `manage:${sessionKey(session)}`),
      panels: await loadPanels(deps, views),
      others,
      notice: extra.notice,
      rotated: extra.rotated,
    });
    return c.html(html, status);
  };

  page.get('/', async (c) => {
    const session = readSession(c, deps);
    const views = session ? await connectionsOf(deps, session) : [];
    if (session && views.length > 0) return dashboard(c, session, views);
    if (session) clearSession(c, deps);
    return signIn(c);
  });

  page.post('/', async (c) => {
    const form = await readForm(c);
    if (!form) return signIn(c, 400, { error: 'The form was not sent as a form.' });
    if (!csrfValid(c, form, SIGN_IN)) {
      logger.warn(
        { ip: clientIp(c, config.trustProxy) },
        'manage sign-in refused: missing or invalid CSRF token',
      );
      return signIn(c, 403, { error: 'This form expired or did not come from this site. Try again.' });
    }
    const credential = (form.get('credential') ?? '').trim();
    const token = connectionTokenIn(credential);
    if (token) {
      const tenant = await deps.connections.authenticate(token);
      if (!tenant) return rejected(c, 'This connection URL or token is unknown, rotated or revoked.');
      writeSession(c, deps, {
        kind: 'connection',
        connectionId: tenant.connectionId,
        lookupId: parseConnectionToken(token) ?? '',
      });
      return c.redirect('/manage', 303);
    }
    if (!mayBeIntercomToken(credential)) {
      return signIn(c, 400, {
        error: 'Paste the connection’s MCP URL (…/mcp/icm_…), its token, or an Intercom access token.',
      });
    }
    try {
      const { workspaceId } = await deps.connections.workspaceOf(credential);
      writeSession(c, deps, { kind: 'workspace', workspaceId });
      return c.redirect('/manage', 303);
    } catch (error) {
      if (!(error instanceof IntercomApiError)) throw error;
      if (error.kind === 'auth') return rejected(c, 'Intercom rejected this access token.');
      return signIn(c, 502, { error: 'Intercom could not be reached to check the token; try again.' });
    }
  });

  /** A refused credential: counted like a failed authentication of this address. */
  const rejected = (c: Context<AppEnv>, error: string) => {
    c.set('rejectedCredential', true);
    logger.warn(
      { ip: clientIp(c, config.trustProxy), reason: 'invalid_credential' },
      'manage sign-in failed',
    );
    return signIn(c, 401, { error });
  };

  page.post('/action', async (c) => {
    const session = readSession(c, deps);
    if (!session) return signIn(c, 401, { error: 'Your sign-in expired. Sign in again.' });
    const form = await readForm(c);
    if (!form || !csrfValid(c, form, `manage:${sessionKey(session)}`)) {
      logger.warn(
        { ip: clientIp(c, config.trustProxy) },
        'manage action refused: missing or invalid CSRF token',
      );
      return signIn(c, 403, { error: 'This form expired or did not come from this site. Sign in again.' });
    }
    const action = form.get('action') ?? '';
    if (action === 'sign_out') {
      clearSession(c, deps);
      return signIn(c, 200, { notice: 'Signed out.' });
    }
    const views = await connectionsOf(deps, session);
    const target = views.find((v) => v.connection_id === form.get('connection_id'));
    if (views.length === 0) {
      clearSession(c, deps);
      return signIn(c, 401, { error: 'This connection was rotated or revoked meanwhile. Sign in again.' });
    }
    if (!target) {
      return dashboard(
        c,
        session,
        views,
        { notice: { error: true, text: 'That is not a connection you signed in for.' } },
        403,
      );
    }
    const result = await runAction(deps, session, action, target, form);
    if (result.rejectedCredential) c.set('rejectedCredential', true);
    if (result.session === null) {
      clearSession(c, deps);
      return signIn(c, 200, { notice: result.notice.text });
    }
    const next = result.session ?? session;
    if (result.session) writeSession(c, deps, next);
    const now = await connectionsOf(deps, next);
    if (now.length === 0) {
      clearSession(c, deps);
      return signIn(c, 200, { notice: result.notice.text });
    }
    return dashboard(c, next, now, result);
  });
  return page;
}
