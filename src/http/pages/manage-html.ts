import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { neutralizeText } from '../../mcp/neutralize.js';
import { FULL_SCOPES, makeScopes, TOOLSET_LABELS, type Toolset } from '../../tenancy/scopes.js';
import type { ManageSession } from '../manage-session.js';
import type { ConnectionPanel } from '../manage-view.js';
import { callsChart } from './manage-chart.js';
import { oauthPage } from './oauth-page-html.js';
import { scopeChoiceHtml } from './scope-choice-html.js';

type Content = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * Text that came from outside (workspace and admin names, audience names, tool names as callers sent
 * them): escaped by `html`, stripped of bidi and control characters, and isolated so it cannot reorder
 * the text around it.
 */
const outside = (text: string | null | undefined) => html`<bdi>${neutralizeText(text ?? '')}</bdi>`;
const when = (date: Date | string | null) =>
  date
    ? html`<time datetime="${new Date(date).toISOString()}">${new Date(date).toISOString().replace('T', ' ').slice(0, 19)} UTC</time>`
    : 'never';

function page(title: string, body: Content) {
  return oauthPage(title, body, '/manage/assets/manage.css');
}

/** The sign-in form: a connection's URL or token, or an Intercom access token of the workspace. */
export function manageSignInHtml(view: { csrfToken: string; error?: string; notice?: string }) {
  return page(
    'Intercom MCP: manage a connection',
    html`<h1>Manage a connection</h1>
${view.notice ? html`<p class="notice" id="notice" role="status">${view.notice}</p>` : ''}
<p>Prove that you own it with one of:</p>
<ul>
<li>the connection's MCP URL (or SSE URL, or its token): you will see and manage that connection;</li>
<li>an Intercom access token of the workspace: you will see every live connection of the workspace, and may revoke the others.</li>
</ul>
<form id="signin-form" method="post" action="/manage">
<input type="hidden" name="csrf_token" value="${view.csrfToken}">
<label for="credential">Connection URL, connection token or Intercom access token</label>
<input id="credential" name="credential" type="password" autocomplete="off" spellcheck="false" required>
${view.error ? html`<p class="error" id="signin-error" role="alert">${view.error}</p>` : ''}
<button id="signin-button" type="submit">Sign in</button>
<p class="help">It is sent in this form only, never in a page address; nothing is stored but a 15-minute sign-in cookie.</p>
</form>`,
  );
}

export interface DashboardView {
  session: ManageSession;
  csrfToken: string;
  panels: ConnectionPanel[];
  /** Connection sessions: how many other live connections the workspace has. */
  others: number;
  notice?: { error: boolean; text: string } | undefined;
  /** After a rotation: the new URLs, shown once. */
  rotated?: { connectionId: string; mcpUrl: string; sseUrl: string } | undefined;
}

function actionForm(
  view: DashboardView,
  connectionId: string,
  action: string,
  label: string,
  extra: Content | string = '',
  danger = false,
) {
  return html`<form method="post" action="/manage/action">
<input type="hidden" name="csrf_token" value="${view.csrfToken}">
<input type="hidden" name="connection_id" value="${connectionId}">
${extra}
<button type="submit" name="action" value="${action}"${danger ? html` class="danger"` : ''}>${label}</button>
</form>`;
}

function callsTable(panel: ConnectionPanel) {
  if (panel.calls.length === 0) return html`<p class="help recent-calls-empty">No tool calls yet.</p>`;
  const rows = panel.calls.map(
    (call) => html`<tr>
<td>${when(call.at)}</td>
<td class="tool">${outside(call.tool)}</td>
<td class="outcome-${call.outcome}">${call.outcome}${call.errorKind ? html` (${outside(call.errorKind)})` : ''}</td>
<td class="num">${call.latencyMs} ms</td>
<td>${call.requestIds.length > 0 ? call.requestIds.map((id, i) => html`${i > 0 ? ', ' : ''}<code>${outside(id)}</code>`) : '—'}</td>
</tr>`,
  );
  return html`<div class="table-wrap"><table class="recent-calls">
<thead><tr><th>Time</th><th>Tool</th><th>Outcome</th><th>Latency</th><th>Intercom request id</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

function jobsTable(panel: ConnectionPanel) {
  if (panel.jobs.length === 0) return html`<p class="help">No bulk sends.</p>`;
  const rows = panel.jobs.map(
    (job) => html`<tr>
<td><code>${job.jobId}</code></td>
<td>${job.audience.kind} ${outside(job.audience.name)}</td>
<td class="job-status">${job.status}${job.cancelRequested && job.status !== 'cancelled' ? ' (cancel requested)' : ''}</td>
<td class="num">${job.counts.sent} sent / ${job.audienceSize ?? '?'}${job.counts.failed + job.counts.unknown > 0 ? html`, ${job.counts.failed} failed, ${job.counts.unknown} unknown` : ''}</td>
<td>${when(job.createdAt)}</td>
</tr>`,
  );
  return html`<div class="table-wrap"><table class="jobs">
<thead><tr><th>Job</th><th>Audience</th><th>State</th><th>Messages</th><th>Started</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

function panelHtml(view: DashboardView, panel: ConnectionPanel) {
  const c = panel.view;
  const id = c.connection_id;
  const scopes = makeScopes(c.scopes.access, c.scopes.toolsets as Toolset[]);
  // Narrowing needs only the connection; an owner signed in with an Intercom token may also widen.
  const ceiling = view.session.kind === 'workspace' ? FULL_SCOPES : scopes;
  const rotated = view.rotated?.connectionId === id ? view.rotated : undefined;
  return html`<section class="connection" data-connection-id="${id}">
<h2>Connection <code>${id.slice(0, 8)}</code></h2>
${
  rotated
    ? html`<div class="new-url" role="status"><p class="shown-once"><strong>New URL, shown once — copy it now.</strong> The old URL stopped working.</p>
<label for="new-mcp-url">MCP URL</label><input id="new-mcp-url" readonly value="${rotated.mcpUrl}">
<label for="new-sse-url">SSE URL (older clients)</label><input id="new-sse-url" readonly value="${rotated.sseUrl}"></div>`
    : ''
}
<dl class="facts">
<dt>Workspace</dt><dd class="workspace-name">${outside(c.workspace.name)} (<code>${outside(c.workspace.id)}</code>, ${c.workspace.region})</dd>
<dt>Connected by</dt><dd>${outside(c.admin.name)}${c.admin.email ? html` &lt;${outside(c.admin.email)}&gt;` : ''}</dd>
<dt>Created</dt><dd class="created-at">${when(c.created_at)}</dd>
<dt>Last used</dt><dd class="last-used">${when(panel.lastUsed)}</dd>
<dt>Access</dt><dd class="scopes">${c.scopes.access === 'write' ? 'read and write' : 'read only'}: ${c.scopes.toolsets.map((t, i) => html`${i > 0 ? ', ' : ''}<span class="toolset" data-toolset="${t}">${TOOLSET_LABELS[t as Toolset]?.split(':')[0] ?? t}</span>`)}</dd>
<dt>Confirmation</dt><dd class="caps">sends to more than ${c.caps.confirm_above} contacts need a confirmed dry run; ${c.caps.sends_per_day === null ? 'no daily cap' : html`at most ${c.caps.sends_per_day} messages a day`} to segments and tags</dd>
</dl>
<h3>Recent tool calls</h3>
${callsChart(panel.days)}
${callsTable(panel)}
<h3>Bulk sends</h3>
${jobsTable(panel)}
<h3>Change</h3>
<div class="actions">
${actionForm(view, id, 'rotate', 'Rotate the URL')}
${actionForm(view, id, 'revoke', 'Revoke this connection', '', true)}
${view.session.kind === 'workspace' && view.panels.length > 1 ? actionForm(view, id, 'revoke_others', 'Revoke all the other connections', '', true) : ''}
</div>
<details class="scopes-form"><summary>${view.session.kind === 'workspace' ? 'Change what it may do' : 'Narrow what it may do'}</summary>
${actionForm(view, id, 'scopes', 'Save access', scopeChoiceHtml({ ceiling, chosen: c.scopes }))}
</details>
<details class="caps-form"><summary>Confirmation and daily cap</summary>
${actionForm(
  view,
  id,
  'caps',
  'Save caps',
  html`<label for="confirm-above-${id}">Largest send to a segment or tag without a confirmed dry run (contacts; 0: always confirm)</label>
<input id="confirm-above-${id}" name="confirm_above" type="number" min="0" step="1" value="${c.caps.confirm_above}">
<label for="sends-per-day-${id}">Messages per day to segments and tags (empty: no cap)</label>
<input id="sends-per-day-${id}" name="sends_per_day" type="number" min="0" step="1" value="${c.caps.sends_per_day ?? ''}">
${view.session.kind === 'connection' ? html`<p class="help">Signed in with the connection you can only tighten these; loosening needs an Intercom token of the workspace.</p>` : ''}`,
)}
</details>
</section>`;
}

function othersHtml(view: DashboardView, connectionId: string) {
  if (view.others === 0)
    return html`<p class="help" id="others">This is the workspace's only live connection.</p>`;
  return html`<section id="others"><h2>Other connections of this workspace</h2>
<p>The workspace has <span id="others-count">${view.others}</span> other live connection(s). To list or revoke them, prove you own the workspace with an Intercom access token.</p>
${actionForm(
  view,
  connectionId,
  'revoke_others',
  'Revoke the other connections',
  html`<label for="owner-token">Intercom access token of this workspace</label>
<input id="owner-token" name="intercom_token" type="password" autocomplete="off" required>`,
  true,
)}
</section>`;
}

/** The signed-in page: every connection the session may manage, with its activity and the actions. */
export function manageDashboardHtml(view: DashboardView) {
  const first = view.panels[0]?.view;
  const heading =
    view.session.kind === 'workspace'
      ? html`<h1>Workspace ${outside(first?.workspace.name)}</h1><p id="live-count">${view.panels.length} live connection(s).</p>`
      : html`<h1>Your connection</h1>`;
  return page(
    'Intercom MCP: manage',
    html`${heading}
${view.notice ? html`<p class="notice${view.notice.error ? ' error' : ''}" id="notice" role="${view.notice.error ? 'alert' : 'status'}">${view.notice.text}</p>` : ''}
${view.panels.map((panel) => panelHtml(view, panel))}
${view.session.kind === 'connection' && first ? othersHtml(view, first.connection_id) : ''}
<form method="post" action="/manage/action">
<input type="hidden" name="csrf_token" value="${view.csrfToken}">
<button type="submit" name="action" value="sign_out" id="sign-out">Sign out</button>
</form>`,
  );
}
