import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { launchChromium } from './support/chromium.js';
import { bearer, type CreatedConnection, createConnection } from './support/connections.js';
import { connectClient } from './support/mcp-clients.js';
import { canRun } from './support/requirements.js';
import { recordSecret } from './support/suite-log.js';
import { useTestApp } from './support/use-test-app.js';

const SUITE = 'manage page in headless Chromium';

/** tools/list with a connection URL: its HTTP status. */
async function listStatus(mcpUrl: string): Promise<number> {
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  await response.body?.cancel();
  return response.status;
}

describe.runIf(canRun('chromium', SUITE))(SUITE, () => {
  const { app, fake } = useTestApp();
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A page that remembers every URL it requested (no secret may be in one). */
  async function openManage(): Promise<{ page: Page; visited: string[] }> {
    const page = await (await browser.newContext()).newPage();
    const visited: string[] = [];
    page.on('request', (r) => visited.push(r.url()));
    const response = await page.goto(`${app.url}/manage`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response?.headers()['content-security-policy']).toContain("form-action 'self'");
    return { page, visited };
  }

  async function signIn(page: Page, credential: string) {
    await page.fill('#credential', credential);
    await Promise.all([page.waitForLoadState('load'), page.click('#signin-button')]);
  }

  it('proves ownership with the URL, shows recent calls, narrows scopes, rotates and revokes', async () => {
    const connection = await createConnection(app.url, WORKSPACE_A.token);
    const client = await connectClient(app.url, connection);
    await client.callTool({ name: 'list_admins', arguments: {} });
    await client.callTool({ name: 'get_contact', arguments: { contact: { email: 'nobody@nowhere.test' } } });
    await client.close();

    const { page, visited } = await openManage();
    await signIn(page, 'not a credential at all');
    expect(await page.textContent('#signin-error')).toMatch(/Paste the connection’s MCP URL/);
    // A mistyped token of ours is refused here, never sent to Intercom to be checked.
    const before = fake.requests.length;
    await signIn(page, `${connection.token.slice(0, -1)}`);
    expect(await page.textContent('#signin-error')).toMatch(/Paste the connection’s MCP URL/);
    expect(fake.requests.length).toBe(before);
    await signIn(page, connection.mcp_url);
    const panel = page.locator(`section.connection[data-connection-id="${connection.connection_id}"]`);
    await panel.waitFor();
    expect(await panel.locator('.workspace-name').textContent()).toContain(WORKSPACE_A.name);
    expect(await panel.locator('.last-used').textContent()).toMatch(/UTC/);
    // Recent calls: newest first, tool, outcome, latency, Intercom request id; never the arguments.
    const rows = panel.locator('table.recent-calls tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/get_contact[\s\S]*error[\s\S]*\d+ ms/);
    expect(await rows.nth(1).textContent()).toMatch(/list_admins[\s\S]*ok[\s\S]*\d+ ms/);
    expect(await panel.locator('table.recent-calls').textContent()).not.toContain('nobody@nowhere.test');
    expect(await panel.locator('.calls-total').textContent()).toBe('2');
    expect(await panel.locator('.calls-chart svg g.day').count()).toBe(30);

    // Narrow: drop knowledge; the connection's tool list loses it at once, same URL.
    await panel.locator('details.scopes-form summary').click();
    await panel.locator('input[name="toolset"][value="knowledge"]').uncheck();
    await Promise.all([page.waitForLoadState('load'), panel.locator('button[value="scopes"]').click()]);
    expect(await page.textContent('#notice')).toMatch(/^Saved/);
    const self = await fetch(`${app.url}/api/connections/self`, { headers: bearer(connection.token) });
    expect(((await self.json()) as CreatedConnection).scopes.toolsets).not.toContain('knowledge');
    // Widening is not offered to a connection session: only what it has now can be ticked.
    expect(await page.locator('input[name="toolset"][value="knowledge"]').count()).toBe(0);

    // Caps: a connection session may tighten them, not loosen them.
    const caps = async (confirmAbove: string, perDay: string) => {
      await page.locator('details.caps-form summary').click();
      await page.fill('input[name="confirm_above"]', confirmAbove);
      await page.fill('input[name="sends_per_day"]', perDay);
      await Promise.all([page.waitForLoadState('load'), page.locator('button[value="caps"]').click()]);
      return page.textContent('#notice');
    };
    expect(await caps('100', '')).toMatch(/Loosening the caps needs the workspace owner/);
    expect(await caps('0', '250')).toBe('Saved the caps.');
    const capped = await fetch(`${app.url}/api/connections/self`, { headers: bearer(connection.token) });
    expect(((await capped.json()) as { caps: unknown }).caps).toEqual({
      confirm_above: 0,
      sends_per_day: 250,
    });

    // Rotate: the new URL is shown once, the old one is dead at once.
    await Promise.all([page.waitForLoadState('load'), page.locator('button[value="rotate"]').click()]);
    const newUrl = await page.inputValue('#new-mcp-url');
    recordSecret(newUrl.split('/').pop() as string);
    expect(newUrl).toMatch(new RegExp(`^${app.url}/mcp/icm_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$`));
    expect(await page.textContent('.shown-once')).toContain('shown once');
    expect(await listStatus(connection.mcp_url)).toBe(401);
    expect(await listStatus(newUrl)).toBe(200);

    // Still signed in after the rotation: revoke.
    await Promise.all([page.waitForLoadState('load'), page.locator('button[value="revoke"]').click()]);
    expect(await page.textContent('#notice')).toMatch(/^Revoked/);
    expect(await listStatus(newUrl)).toBe(401);
    // Reloading shows the sign-in form: the session ended with the connection.
    await page.goto(`${app.url}/manage`);
    expect(await page.isVisible('#signin-form')).toBe(true);

    for (const url of [...visited, page.url()]) {
      expect(url).not.toContain(connection.token);
      expect(url).not.toContain(newUrl.split('/').pop());
    }
    await page.context().close();
  });

  it('an Intercom token of the workspace lists every live connection and revokes the others', async () => {
    const ws = fake.addWorkspace({ name: 'Many Connections Co' });
    const [keep, second, third] = [
      await createConnection(app.url, ws.token),
      await createConnection(app.url, ws.token),
      await createConnection(app.url, ws.token),
    ] as [CreatedConnection, CreatedConnection, CreatedConnection];
    // Signed in with one connection, the others are counted but need the owner to be revoked.
    const { page, visited } = await openManage();
    await signIn(page, keep.token);
    expect(await page.textContent('#others-count')).toBe('2');
    expect(await page.locator('section.connection').count()).toBe(1);
    await page.fill('#owner-token', WORKSPACE_A.token);
    await Promise.all([
      page.waitForLoadState('load'),
      page.locator('#others button[value="revoke_others"]').click(),
    ]);
    expect(await page.textContent('#notice')).toMatch(/another workspace\. Nothing was revoked/);
    expect(await listStatus(second.mcp_url)).toBe(200);
    await Promise.all([page.waitForLoadState('load'), page.click('#sign-out')]);

    await signIn(page, ws.token);
    expect(await page.textContent('#live-count')).toMatch(/^3 live/);
    const ids = await page
      .locator('section.connection')
      .evaluateAll((s) => s.map((e) => e.getAttribute('data-connection-id')));
    expect(ids.sort()).toEqual([keep, second, third].map((c) => c.connection_id).sort());
    const panel = page.locator(`section.connection[data-connection-id="${keep.connection_id}"]`);
    // Signed in as the workspace owner, loosening caps is allowed.
    await panel.locator('details.caps-form summary').click();
    await panel.locator('input[name="confirm_above"]').fill('100');
    await Promise.all([page.waitForLoadState('load'), panel.locator('button[value="caps"]').click()]);
    expect(await page.textContent('#notice')).toBe('Saved the caps.');
    expect(await panel.locator('.caps').textContent()).toMatch(/more than 100 contacts/);
    await Promise.all([
      page.waitForLoadState('load'),
      panel.locator('button[value="revoke_others"]').click(),
    ]);
    expect(await page.textContent('#notice')).toBe('Revoked 2 other connection(s) of the workspace.');
    expect(await page.locator('section.connection').count()).toBe(1);
    expect(await listStatus(second.mcp_url)).toBe(401);
    expect(await listStatus(third.mcp_url)).toBe(401);
    expect(await listStatus(keep.mcp_url)).toBe(200);
    for (const url of visited) expect(url).not.toContain(ws.token);
    await page.context().close();
  });

  it('escapes and isolates names, refuses forged posts and wrong credentials', async () => {
    const ws = fake.addWorkspace({ name: 'Evil <img src=x onerror=alert(1)> \u202Egnp.exe' });
    const connection = await createConnection(app.url, ws.token);
    const { page } = await openManage();
    await signIn(page, WORKSPACE_A.revokedToken);
    expect(await page.textContent('#signin-error')).toMatch(/Intercom rejected this access token/);
    await signIn(page, connection.sse_url);
    const name = page.locator('.workspace-name bdi').first();
    expect(await name.textContent()).toBe('Evil <img src=x onerror=alert(1)> gnp.exe');
    expect(await page.locator('main img').count()).toBe(0);

    // A POST without this browser's cookie and form token changes nothing.
    const forged = await fetch(`${app.url}/manage/action`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'revoke', connection_id: connection.connection_id }),
    });
    expect(forged.status).toBe(401);
    const cookies = await page.context().cookies();
    const withCookies = await fetch(`${app.url}/manage/action`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      },
      body: new URLSearchParams({
        action: 'revoke',
        connection_id: connection.connection_id,
        csrf_token: '1.x',
      }),
    });
    expect(withCookies.status).toBe(403);
    expect(await listStatus(connection.mcp_url)).toBe(200);
    await page.context().close();
  });
});
