/** The connect page. Static: every value shown after connecting is filled in by connect.js with textContent. */
export const connectHtml = `<!doctype html>
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
<main>
  <h1>Connect Intercom to your AI assistant</h1>
  <p class="lead">Paste an Intercom access token and get one MCP URL for Claude, Cursor, VS Code or any remote MCP client.
  The token is checked with Intercom, then stored encrypted.</p>
  <noscript><p class="error">This page needs JavaScript to connect. You can also call <code>POST /api/connections</code>.</p></noscript>

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
    <button id="connect-button" type="submit">Connect workspace</button>
    <p id="form-error" class="error" role="alert" hidden></p>
  </form>

  <section id="result" hidden aria-live="polite">
    <h2>Connected to <span id="workspace-name"></span></h2>
    <p class="warning" role="note"><strong>This URL is a secret.</strong> Anyone who has it can act in your Intercom
      workspace. Do not share it or paste it in screenshots. If it leaks, rotate it (below): the old URL stops working at once.</p>
    <label for="mcp-url">Your MCP URL (Streamable HTTP)</label>
    <div class="copy-row">
      <input id="mcp-url" type="text" readonly spellcheck="false">
      <button type="button" class="copy" data-copy="mcp-url">Copy</button>
    </div>
    <p id="copy-status" class="help" role="status"></p>

    <h3>Claude Desktop and Claude.ai</h3>
    <p>Settings → Connectors → <em>Add custom connector</em> → paste the MCP URL above → Add.</p>
    <h3>Cursor (<code>~/.cursor/mcp.json</code>)</h3>
    <pre id="setup-cursor"></pre>
    <h3>VS Code (<code>.vscode/mcp.json</code>)</h3>
    <pre id="setup-vscode"></pre>
    <h3>Claude Code</h3>
    <pre id="setup-claude-code"></pre>
    <h3>Older clients (HTTP+SSE)</h3>
    <div class="copy-row">
      <input id="sse-url" type="text" readonly spellcheck="false">
      <button type="button" class="copy" data-copy="sse-url">Copy</button>
    </div>
    <h3>Rotate or revoke</h3>
    <p>Your connection token is the last part of the URL. Rotate it (new URL, old one dead at once) or revoke the
      connection (the stored Intercom key is destroyed):</p>
    <pre id="setup-rotate"></pre>
  </section>
</main>
</body>
</html>
`;
