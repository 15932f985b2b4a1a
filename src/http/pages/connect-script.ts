/** Browser code for the connect page, served from /assets/connect.js (CSP allows only same-origin scripts). */
export const connectScript = `'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const main = document.getElementById('main');
  const form = document.getElementById('connect-form');
  const tokenInput = document.getElementById('intercom-token');
  const button = document.getElementById('connect-button');
  const errorBox = document.getElementById('form-error');
  // Names chosen in Intercom are shown in <bdi> elements without bidi controls, which could reorder the page's text.
  const bidiControls = /[\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]/g;
  const text = (id, value) => { document.getElementById(id).textContent = String(value).replace(bidiControls, ''); };
  const publicUrl = main.dataset.publicUrl;
  let allowed = [];
  try { allowed = JSON.parse(main.dataset.allowedOrigins || '[]'); } catch { allowed = []; }

  // The API refuses browser requests from any origin but PUBLIC_URL's (and ALLOWED_ORIGINS): say so up front.
  const foreignOrigin = !allowed.includes(location.origin);
  if (foreignOrigin) {
    text('page-origin', location.origin);
    document.getElementById('origin-warning').hidden = false;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  // Step 1: one tab per client. The result shows the setup of the selected one.
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  let selected = tabs[0] ? tabs[0].dataset.client : '';
  function select(tab, focus) {
    selected = tab.dataset.client;
    for (const other of tabs) {
      const on = other === tab;
      other.setAttribute('aria-selected', on ? 'true' : 'false');
      other.tabIndex = on ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')).hidden = !on;
    }
    document.querySelectorAll('.setup').forEach((block) => {
      block.hidden = !block.dataset.for.split(' ').includes(selected);
    });
    if (focus) tab.focus();
  }
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (event.key === 'Home') select(tabs[0], true);
      else if (event.key === 'End') select(tabs[tabs.length - 1], true);
      else if (step) select(tabs[(index + step + tabs.length) % tabs.length], true);
      else return;
      event.preventDefault();
    });
  });

  function chosenScopes() {
    const access = (form.querySelector('input[name="access"]:checked') || {}).value || 'write';
    const toolsets = Array.from(form.querySelectorAll('input[name="toolset"]:checked')).map((box) => box.value);
    return { access, toolsets };
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const token = tokenInput.value.trim();
    if (!token) return showError('Paste your Intercom access token first.');
    const scopes = chosenScopes();
    if (scopes.toolsets.length === 0) return showError('Choose at least one kind of tool the assistant may use.');
    const body = { intercom_token: token, scopes };
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
        const code = data && data.error && data.error.code;
        if (code === 'forbidden_origin') {
          return showError('This server refused the request: the page was opened at ' + location.origin +
            ', not at its PUBLIC_URL (' + publicUrl + '). Open ' + publicUrl + '/ instead, or set PUBLIC_URL or ALLOWED_ORIGINS.');
        }
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
    const scopes = data.scopes || { access: 'write', toolsets: [] };
    text('granted-scopes', (scopes.access === 'read' ? 'read only' : 'read and write') + ': ' +
      scopes.toolsets.join(', ').replace(/_/g, ' '));
    text('setup-cursor', JSON.stringify({ mcpServers: { intercom: { url: data.mcp_url } } }, null, 2));
    text('setup-vscode', JSON.stringify({ servers: { intercom: { type: 'http', url: data.mcp_url } } }, null, 2));
    text('setup-claude-code', 'claude mcp add --transport http --scope user intercom ' + data.mcp_url);
    const result = document.getElementById('result');
    result.hidden = false;
    const current = tabs.find((tab) => tab.dataset.client === selected);
    if (current) select(current, false);
    result.scrollIntoView({ block: 'start' });
  }

  // Copy buttons: the Clipboard API where the page is a secure context, else select and copy.
  function copyFallback(field) {
    if (field.select) field.select();
    else {
      const range = document.createRange();
      range.selectNodeContents(field);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    try { return document.execCommand('copy'); } catch { return false; }
  }
  document.querySelectorAll('button.copy').forEach((copyButton) => {
    copyButton.addEventListener('click', async () => {
      const field = document.getElementById(copyButton.dataset.copy);
      const value = 'value' in field ? field.value : field.textContent;
      let copied = false;
      try {
        if (navigator.clipboard && window.isSecureContext) {
          await navigator.clipboard.writeText(value);
          copied = true;
        }
      } catch { copied = false; }
      if (!copied) copied = copyFallback(field);
      const status = copied ? 'Copied.' : 'Press Ctrl+C (or Cmd+C) to copy.';
      copyButton.textContent = copied ? 'Copied' : 'Select';
      setTimeout(() => { copyButton.textContent = 'Copy'; }, 2000);
      const statusBox = document.getElementById('copy-status');
      if (statusBox && !document.getElementById('result').hidden) statusBox.textContent = status;
      copyButton.setAttribute('aria-label', status);
    });
  });
});
`;
