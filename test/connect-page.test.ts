import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { launchChromium } from './support/chromium.js';
import { canRun } from './support/requirements.js';
import { recordSecret } from './support/suite-log.js';
import { useTestApp } from './support/use-test-app.js';

const SUITE = 'connect page in headless Chromium';

describe.runIf(canRun('chromium', SUITE))(SUITE, () => {
  const { app } = useTestApp();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows an inline error for a token Intercom rejects', async () => {
    const page = await browser.newPage();
    await page.goto(app.url);
    await page.fill('#intercom-token', WORKSPACE_A.revokedToken);
    await page.click('#connect-button');
    await page.waitForSelector('#form-error:not([hidden])');
    expect(await page.textContent('#form-error')).toContain('Intercom rejected this access token');
    expect(await page.isHidden('#result')).toBe(true);
    await page.close();
  });

  it('connects with a pasted token and shows a working MCP URL and client setups', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const visited: string[] = [];
    page.on('request', (r) => visited.push(r.url()));
    const response = await page.goto(app.url);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');

    await page.click('#tab-cursor');
    await page.fill('#intercom-token', WORKSPACE_A.token);
    await page.selectOption('#region', 'us');
    await page.click('#connect-button');
    await page.waitForSelector('#result:not([hidden])');

    const mcpUrl = await page.inputValue('#mcp-url');
    expect(mcpUrl).toMatch(new RegExp(`^${app.url}/mcp/icm_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$`));
    recordSecret(mcpUrl.split('/').pop() as string);
    expect(await page.inputValue('#sse-url')).toBe(mcpUrl.replace('/mcp/', '/sse/'));
    expect(await page.textContent('#workspace-name')).toContain(WORKSPACE_A.name);
    expect(await page.textContent('#setup-cursor')).toContain(mcpUrl);
    expect(await page.isVisible('#setup-cursor')).toBe(true);
    expect(await page.isVisible('#setup-vscode')).toBe(false);
    expect(await page.textContent('#setup-vscode')).toContain('"type": "http"');
    expect(await page.textContent('#setup-claude-code')).toBe(
      `claude mcp add --transport http --scope user intercom ${mcpUrl}`,
    );
    expect(await page.textContent('.shown-once')).toContain('Shown once — copy it now');
    expect(await page.inputValue('#intercom-token').catch(() => '')).toBe('');

    // The URL shown really works, and no secret ever went into a page URL.
    const call = await fetch(mcpUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(call.status).toBe(200);
    const token = mcpUrl.split('/').pop() as string;
    for (const url of [...visited, page.url()]) {
      expect(url).not.toContain(token);
      expect(url).not.toContain(WORKSPACE_A.token);
    }
    expect(app.logs.join('')).not.toContain(token);

    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await page.click('button[data-copy="mcp-url"]');
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()')).toBe(mcpUrl);
    await page.click('button[data-copy="setup-cursor"]');
    await expect
      .poll(() => page.evaluate<string>('navigator.clipboard.readText()'))
      .toBe(await page.textContent('#setup-cursor'));
    await context.close();
  });

  for (const size of [
    { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
  ]) {
    it(`guides a support lead through every client on a ${size.name}`, async () => {
      const context = await browser.newContext({
        viewport: size.viewport,
        isMobile: size.isMobile,
        hasTouch: size.hasTouch,
      });
      const page = await context.newPage();
      await page.goto(app.url);
      const noSideScroll = () =>
        page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1');
      expect(await noSideScroll()).toBe(true);
      expect(await page.isHidden('#origin-warning')).toBe(true);

      // The recommended path first: Claude.ai with the bare /mcp URL (no secret), and the https note.
      const tabs = await page.$$eval('[role="tab"]', (all) => all.map((t) => t.textContent));
      expect(tabs).toEqual([
        'Claude.ai',
        'Claude Desktop',
        'Cursor',
        'VS Code',
        'Claude Code',
        'Other clients',
      ]);
      expect(await page.getAttribute('#tab-claude-ai', 'aria-selected')).toBe('true');
      expect(await page.inputValue('#oauth-url-claude-ai')).toBe(`${app.url}/mcp`);
      const note = await page.textContent('#panel-claude-ai .note');
      expect(note).toContain('public https address');
      expect(note).toContain(`PUBLIC_URL is ${app.url}`);
      expect(await page.getAttribute('#manage-link', 'href')).toBe('/manage');

      for (const client of ['claude-desktop', 'cursor', 'vscode', 'claude-code', 'other']) {
        await page.click(`#tab-${client}`);
        expect(await page.isVisible(`#panel-${client}`), client).toBe(true);
        expect(await page.isHidden('#panel-claude-ai'), client).toBe(true);
        expect(await noSideScroll(), client).toBe(true);
      }
      expect(await page.textContent('#panel-vscode')).toContain('MCP: Open User Configuration');

      // Choose less than the defaults: read only, without contacts.
      expect(await page.isChecked('input[name="toolset"][value="deletion"]')).toBe(false);
      expect(await page.isChecked('input[name="toolset"][value="bulk_messaging"]')).toBe(false);
      await page.check('input[name="access"][value="read"]');
      await page.uncheck('input[name="toolset"][value="contacts"]');
      await page.click('#tab-claude-code');
      await page.fill('#intercom-token', WORKSPACE_A.token);
      await page.click('#connect-button');
      await page.waitForSelector('#result:not([hidden])');
      const mcpUrl = await page.inputValue('#mcp-url');
      recordSecret(mcpUrl.split('/').pop() as string);
      expect(await page.isVisible('#setup-claude-code')).toBe(true);
      expect(await page.textContent('#granted-scopes')).toMatch(/^read only: conversations, messaging/);
      expect(await noSideScroll()).toBe(true);

      // "Shown once" comes before the URL, and every snippet has a Copy button that fits on screen.
      const order = await page.evaluate<number>(
        "document.querySelector('.shown-once').compareDocumentPosition(document.getElementById('mcp-url')) & Node.DOCUMENT_POSITION_FOLLOWING",
      );
      expect(order).toBeTruthy();
      const snippets = await page.$$eval('pre, input[readonly]', (all) => all.map((e) => e.id));
      expect(snippets.length).toBeGreaterThanOrEqual(6);
      for (const id of snippets) {
        expect(await page.$(`button.copy[data-copy="${id}"]`), id).not.toBeNull();
      }
      const button = await page.$('button[data-copy="setup-claude-code"]');
      const box = await button?.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(size.viewport.width);

      // The connection got exactly the choice.
      const listed = await fetch(mcpUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      const tools = ((await listed.json()) as { result: { tools: { name: string }[] } }).result.tools;
      const names = tools.map((t) => t.name);
      expect(names).toContain('search_conversations');
      expect(names).not.toContain('search_contacts');
      expect(names).not.toContain('reply_to_conversation');
      await context.close();
    });
  }

  it('says so when opened from an origin other than PUBLIC_URL, and the server logs it', async () => {
    const foreign = app.url.replace('127.0.0.1', 'localhost');
    const page = await browser.newPage();
    await page.goto(foreign);
    await page.waitForSelector('#origin-warning:not([hidden])');
    const warning = await page.textContent('#origin-warning');
    expect(warning).toContain(foreign);
    expect(warning).toContain(`PUBLIC_URL is ${app.url}`);
    expect(warning).toContain('ALLOWED_ORIGINS');
    expect(await page.getAttribute('#public-url-link', 'href')).toBe(`${app.url}/`);

    await page.click('#tab-cursor');
    await page.fill('#intercom-token', WORKSPACE_A.token);
    await page.click('#connect-button');
    await page.waitForSelector('#form-error:not([hidden])');
    expect(await page.textContent('#form-error')).toContain('PUBLIC_URL');
    expect(await page.isHidden('#result')).toBe(true);
    const refused = app.logs
      .map((line) => JSON.parse(line) as { level: string; origin?: string; msg: string })
      .filter((line) => line.origin === foreign);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.level).toBe('warn');
    expect(refused[0]?.msg).toContain('ALLOWED_ORIGINS');
    await page.close();
  });
});
