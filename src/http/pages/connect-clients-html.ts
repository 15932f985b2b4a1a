import { html } from 'hono/html';
import ipaddr from 'ipaddr.js';

/** The clients the page explains, in the order shown: the OAuth path (recommended) first. */
export const CLIENTS = [
  { id: 'claude-ai', label: 'Claude.ai', oauth: true },
  { id: 'claude-desktop', label: 'Claude Desktop', oauth: true },
  { id: 'cursor', label: 'Cursor', oauth: false },
  { id: 'vscode', label: 'VS Code', oauth: false },
  { id: 'claude-code', label: 'Claude Code', oauth: false },
  { id: 'other', label: 'Other clients', oauth: false },
] as const;

/** Whether Anthropic's servers could reach this address: https on a public host name or address. */
export function isPublicHttps(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  if (url.protocol !== 'https:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return false;
  if (!ipaddr.isValid(host)) return host.includes('.');
  return ipaddr.process(host).range() === 'unicast';
}

function oauthPanel(client: 'Claude.ai' | 'Claude Desktop', publicUrl: string) {
  const id = client === 'Claude.ai' ? 'claude-ai' : 'claude-desktop';
  const reachable = isPublicHttps(publicUrl);
  return html`<p class="recommended"><strong>Recommended:</strong> sign in with OAuth. No secret in any URL, and you
choose what Claude may do on this server's consent page.</p>
<ol>
<li>In ${client}, open <em>Settings → Connectors → Add custom connector</em>${
    client === 'Claude Desktop' ? ' (the same connectors as your Claude.ai account)' : ''
  }.</li>
<li>Name it “Intercom” and paste this URL:
<div class="copy-row"><input id="oauth-url-${id}" class="oauth-url" type="text" readonly spellcheck="false" value="${publicUrl}/mcp">
<button type="button" class="copy" data-copy="oauth-url-${id}">Copy</button></div></li>
<li>Click <em>Add</em>, then <em>Connect</em>. This server's sign-in page opens: paste your Intercom access token,
choose what Claude may do, and allow.</li>
</ol>
<p class="note">Claude connects from Anthropic's servers, so this server needs a <strong>public https address</strong>.
${
  reachable
    ? ''
    : html`<span class="https-warning">This server's <code>PUBLIC_URL</code> is <code>${publicUrl}</code>, which Claude
cannot reach: deploy it behind https on a public host name (or a tunnel) and set <code>PUBLIC_URL</code> to that address.</span>`
}
On Team and Enterprise plans an owner may need to add the connector for the organization first.</p>`;
}

const URL_PANELS: Record<'cursor' | 'vscode' | 'claude-code' | 'other', ReturnType<typeof html>> = {
  cursor: html`<p>Cursor takes a personal MCP URL. Get one in step 2 below, then paste the snippet it shows into
<code>~/.cursor/mcp.json</code>, your user-level file (a project's <code>.cursor/mcp.json</code> would put the secret
in the repository). Cursor → Settings → MCP then lists “intercom”.</p>`,
  vscode: html`<p>VS Code takes a personal MCP URL. Get one in step 2 below, then run
<strong>MCP: Open User Configuration</strong> from the Command Palette and paste the snippet it shows. Keep it in the
user configuration, not in a project's <code>.vscode/mcp.json</code>, which is usually committed.</p>`,
  'claude-code': html`<p>Claude Code takes a personal MCP URL. Get one in step 2 below, then run the command it shows
in a terminal; <code>--scope user</code> keeps the URL out of project files.</p>`,
  other: html`<p>Any client that speaks MCP over Streamable HTTP takes the personal URL from step 2; older clients use
its HTTP+SSE form. A client that can send headers can use <code>/mcp</code> with
<code>Authorization: Bearer &lt;token&gt;</code> (the token is the URL's last part).</p>`,
};

/** Step 1: one tab per client, the OAuth path first. connect.js switches tabs; without script the first shows. */
export function clientTabsHtml(publicUrl: string) {
  const tabs = CLIENTS.map(
    (client, i) =>
      html`<button type="button" role="tab" id="tab-${client.id}" data-client="${client.id}" aria-controls="panel-${client.id}" aria-selected="${i === 0 ? 'true' : 'false'}" tabindex="${i === 0 ? '0' : '-1'}">${client.label}</button>`,
  );
  const panels = CLIENTS.map(
    (client, i) =>
      html`<section role="tabpanel" id="panel-${client.id}" class="client-panel" aria-labelledby="tab-${client.id}"${i === 0 ? '' : ' hidden'}>
${client.id === 'claude-ai' || client.id === 'claude-desktop' ? oauthPanel(client.label, publicUrl) : URL_PANELS[client.id]}
</section>`,
  );
  return html`<div class="tabs" role="tablist" aria-label="AI client">${tabs}</div>
${panels}`;
}

/** After connecting: the selected client's setup with the URL filled in (connect.js shows one). */
export function resultSetupHtml() {
  const snippet = (id: string) =>
    html`<div class="snippet"><pre id="${id}"></pre><button type="button" class="copy" data-copy="${id}">Copy</button></div>`;
  return html`<div class="setup" data-for="claude-ai claude-desktop" hidden>
<h3>Claude.ai and Claude Desktop</h3>
<p>Prefer the sign-in path in step 1 (no secret in the URL). This URL also works: <em>Settings → Connectors → Add custom
connector</em>, paste it as the connector's URL.</p>
</div>
<div class="setup" data-for="cursor" hidden><h3>Cursor: <code>~/.cursor/mcp.json</code></h3>${snippet('setup-cursor')}</div>
<div class="setup" data-for="vscode" hidden><h3>VS Code: MCP: Open User Configuration</h3>${snippet('setup-vscode')}</div>
<div class="setup" data-for="claude-code" hidden><h3>Claude Code: in a terminal</h3>${snippet('setup-claude-code')}</div>
<div class="setup" data-for="other" hidden><h3>Other clients</h3>
<label for="sse-url">HTTP+SSE URL (older clients)</label>
<div class="copy-row"><input id="sse-url" type="text" readonly spellcheck="false">
<button type="button" class="copy" data-copy="sse-url">Copy</button></div>
</div>
<p class="help">Another client? Pick it in step 1: its setup appears here.</p>`;
}
