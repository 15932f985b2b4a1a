/** Browser code for the connect page, served from /assets/connect.js (CSP allows only same-origin scripts). */
export const connectScript = `'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('connect-form');
  const tokenInput = document.getElementById('intercom-token');
  const button = document.getElementById('connect-button');
  const errorBox = document.getElementById('form-error');
  const text = (id, value) => { document.getElementById(id).textContent = value; };

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const token = tokenInput.value.trim();
    if (!token) return showError('Paste your Intercom access token first.');
    const body = { intercom_token: token };
    const region = document.getElementById('region').value;
    if (region) body.region = region;
    button.disabled = true;
    button.textContent = 'Checking with Intercom…';
    try {
      const response = await fetch('/api/connections', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
      const data = await response.json().catch(() => null);
      if (!response.ok) {
        return showError((data && data.error && data.error.message) || 'Connecting failed (HTTP ' + response.status + ').');
      }
      tokenInput.value = '';
      form.hidden = true;
      showResult(data);
    } catch {
      showError('Could not reach the server. Check your connection and try again.');
    } finally {
      button.disabled = false;
      button.textContent = 'Connect workspace';
    }
  });

  function showResult(data) {
    text('workspace-name', data.workspace.name + ' (' + data.workspace.region.toUpperCase() + ')');
    document.getElementById('mcp-url').value = data.mcp_url;
    document.getElementById('sse-url').value = data.sse_url;
    text('setup-cursor', JSON.stringify({ mcpServers: { intercom: { url: data.mcp_url } } }, null, 2));
    text('setup-vscode', JSON.stringify({ servers: { intercom: { type: 'http', url: data.mcp_url } } }, null, 2));
    text('setup-claude-code', 'claude mcp add --transport http intercom ' + data.mcp_url);
    const base = location.origin + '/api/connections/self';
    text('setup-rotate',
      'curl -X POST -H "Authorization: Bearer ' + data.token + '" ' + base + '/rotate\\n' +
      'curl -X DELETE -H "Authorization: Bearer ' + data.token + '" ' + base);
    document.getElementById('result').hidden = false;
  }

  document.querySelectorAll('button.copy').forEach((copyButton) => {
    copyButton.addEventListener('click', async () => {
      const field = document.getElementById(copyButton.dataset.copy);
      try {
        await navigator.clipboard.writeText(field.value);
        text('copy-status', 'Copied.');
      } catch {
        field.select();
        text('copy-status', 'Press Ctrl+C (or Cmd+C) to copy.');
      }
    });
  });
});
`;
