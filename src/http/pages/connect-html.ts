import { html } from 'hono/html';
import { FULL_SCOPES } from '../../tenancy/scopes.js';
import { clientTabsHtml, resultSetupHtml } from './connect-clients-html.js';
import { scopeChoiceHtml } from './scope-choice-html.js';

export interface ConnectPageView {
  publicUrl: string;
  /** Origins besides PUBLIC_URL's that the API accepts from a browser (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
}

/**
 * The connect page, rendered once at start-up from the configuration. Values shown after connecting
 * are filled in by connect.js with textContent; the page's own values are escaped by `html`.
 */
export function connectHtml(view: ConnectPageView): string {
  const origins = [new URL(view.publicUrl).origin, ...view.allowedOrigins];
  return String(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Intercom MCP: connect your workspace</title>
<link rel="stylesheet" href="/assets/connect.css">
<script src="/assets/connect.js" defer></script>
</head>
<body>
<main id="main" data-public-url="${view.publicUrl}" data-allowed-origins="${JSON.stringify(origins)}">
  <h1>Connect Intercom to your AI assistant</h1>
  <p class="lead">Give Claude, Cursor, VS Code or any remote MCP client access to your Intercom workspace, and choose
  what it may do. Your Intercom token is checked with Intercom, then stored encrypted.</p>
  <div id="origin-warning" class="warning" role="alert" hidden>
    <p><strong>This page was opened at <code id="page-origin"></code>, which this server does not accept.</strong>
    Its <code>PUBLIC_URL</code> is <code id="public-url">${view.publicUrl}</code>, so connecting from here is refused.
    Open <a id="public-url-link" href="${view.publicUrl}/">${view.publicUrl}/</a> instead, or (server operators) set
    <code>PUBLIC_URL</code> to the address people use, or add this origin to <code>ALLOWED_ORIGINS</code>, and restart.</p>
  </div>
  <noscript><p class="error">This page needs JavaScript to connect. You can also call <code>POST /api/connections</code>
  (see the README), or use the Claude.ai path below, which needs no script.</p></noscript>

  <h2>1. Pick your AI client</h2>
  ${clientTabsHtml(view.publicUrl)}

  <section id="connect" aria-labelledby="connect-title">
  <h2 id="connect-title">2. Get a personal MCP URL</h2>
  <p class="help">For Cursor, VS Code, Claude Code and other clients. Not needed for Claude.ai and Claude Desktop
  (they sign in instead).</p>
  <form id="connect-form" method="post" autocomplete="off" novalidate>
    <label for="intercom-token">Intercom access token</label>
    <input id="intercom-token" name="intercom_token" type="password" required spellcheck="false"
      autocomplete="off" placeholder="dG9rOj…" aria-describedby="token-help">
    <p id="token-help" class="help">Intercom → Settings → Developer Hub → your app → Authentication → Access token.</p>
    <label for="region">Data region</label>
    <select id="region" name="region">
      <option value="">Detect automatically</option>
      <option value="us">United States (api.intercom.io)</option>
      <option value="eu">Europe (api.eu.intercom.io)</option>
      <option value="au">Australia (api.au.intercom.io)</option>
    </select>
    <h3>What may the assistant do?</h3>
    ${scopeChoiceHtml({ ceiling: FULL_SCOPES })}
    <button id="connect-button" type="submit">Connect workspace</button>
    <p id="form-error" class="error" role="alert" hidden></p>
  </form>
  </section>

  <section id="result" hidden aria-live="polite">
    <h2>Connected to <bdi id="workspace-name"></bdi></h2>
    <p class="warning shown-once" role="note"><strong>Shown once — copy it now.</strong> We keep only a hash of this
      URL, so it cannot be shown again. It is a secret: anyone who has it can act in your Intercom workspace within
      the scopes below. Do not share it or show it in screenshots; if it leaks, rotate it at <a href="/manage">/manage</a>.</p>
    <label for="mcp-url">Your MCP URL</label>
    <div class="copy-row">
      <input id="mcp-url" type="text" readonly spellcheck="false">
      <button type="button" class="copy" data-copy="mcp-url">Copy</button>
    </div>
    <p class="help">Allowed: <span id="granted-scopes"></span></p>
    ${resultSetupHtml()}
    <p class="help" id="copy-status" role="status"></p>
  </section>

  <h2>3. Manage it later</h2>
  <p>See recent tool calls, narrow what a connection may do, rotate its URL or revoke it at
  <a id="manage-link" href="/manage">/manage</a> (with the connection's URL or an Intercom token of the workspace).</p>
</main>
</body>
</html>
`);
}
