import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { launchChromium } from './support/chromium.js';
import { canRun } from './support/requirements.js';
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

    await page.fill('#intercom-token', WORKSPACE_A.token);
    await page.selectOption('#region', 'us');
    await page.click('#connect-button');
    await page.waitForSelector('#result:not([hidden])');

    const mcpUrl = await page.inputValue('#mcp-url');
    expect(mcpUrl).toMatch(new RegExp(`^${app.url}/mcp/icm_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$`));
    expect(await page.inputValue('#sse-url')).toBe(mcpUrl.replace('/mcp/', '/sse/'));
    expect(await page.textContent('#workspace-name')).toContain(WORKSPACE_A.name);
    expect(await page.textContent('#setup-cursor')).toContain(mcpUrl);
    expect(await page.textContent('#setup-vscode')).toContain('"type": "http"');
    expect(await page.textContent('#setup-claude-code')).toBe(
      `claude mcp add --transport http intercom ${mcpUrl}`,
    );
    expect(await page.textContent('.warning')).toContain('This URL is a secret');
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
    await expect.poll(() => page.textContent('#copy-status')).not.toBe('');
    await context.close();
  });
});
