import { html } from 'hono/html';
import {
  DEFAULT_SCOPES,
  RISKY_TOOLSETS,
  SCOPE_PREFIX,
  type Scopes,
  TOOLSET_LABELS,
  type Toolset,
} from '../../tenancy/scopes.js';

export interface ScopeChoiceView {
  /** What may be offered at most (what an OAuth client asked for; everything on the connect page). */
  ceiling: Scopes;
  /** What is ticked: a previous choice, or the safe defaults within the ceiling. */
  chosen?: { access: string; toolsets: readonly string[] } | undefined;
}

/**
 * The owner's choice of access (read only, or read + write) and toolsets, as plain form fields
 * (`access` radio, `toolset` checkboxes) that work without script. Bulk messaging and deletion are
 * never ticked unless the owner ticked them.
 */
export function scopeChoiceHtml(view: ScopeChoiceView) {
  const { ceiling } = view;
  const access = ceiling.access === 'read' ? 'read' : (view.chosen?.access ?? DEFAULT_SCOPES.access);
  const ticked = (t: Toolset) =>
    view.chosen ? view.chosen.toolsets.includes(t) : DEFAULT_SCOPES.toolsets.includes(t);
  const radio = (value: 'write' | 'read', label: string, hint: string) =>
    html`<label class="choice"><input type="radio" name="access" value="${value}"${access === value ? ' checked' : ''}>
<span>${label} <span class="help">${hint}</span></span></label>`;
  const box = (t: Toolset) =>
    html`<label class="choice${RISKY_TOOLSETS.has(t) ? ' risky' : ''}"><input type="checkbox" name="toolset" value="${t}"${ticked(t) ? ' checked' : ''}>
<span>${TOOLSET_LABELS[t]}${RISKY_TOOLSETS.has(t) ? html` <span class="help">(off unless you turn it on)</span>` : ''} <code class="scope">${SCOPE_PREFIX}${t}</code></span></label>`;
  return html`<fieldset id="scope-access">
<legend>Access</legend>
${ceiling.access === 'write' ? radio('write', 'Read and change data', '(send, reply, update, tag…)') : ''}
${radio('read', 'Read only', '(tools that change data are not offered)')}
</fieldset>
<fieldset id="scope-toolsets">
<legend>Tools</legend>
${ceiling.toolsets.map(box)}
<p class="help">You can narrow these later without a new URL; allowing more needs your Intercom token again.</p>
</fieldset>`;
}
