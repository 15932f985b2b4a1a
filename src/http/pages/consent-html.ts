import { html } from 'hono/html';
import type { AuthorizationRequest } from '../../oauth/authorization-request.js';
import type { OAuthClient } from '../../oauth/clients.js';
import { PATHS } from '../../oauth/constants.js';
import type { RequestedScopes, ScopeChoice } from '../../oauth/scopes.js';
import { TOOLSET_LABELS } from '../../tenancy/scopes.js';
import { isolated, plainText } from './isolate.js';
import { oauthPage } from './oauth-page-html.js';
import { scopeChoiceHtml } from './scope-choice-html.js';

export interface ConsentView {
  client: OAuthClient;
  request: AuthorizationRequest;
  csrfToken: string;
  /** Shown above the form after a failed attempt; never contains the submitted token. */
  error?: string;
  region?: string;
  intercomSignIn: boolean;
  /** What the client asked for (the most the owner can allow), and the owner's last choice. */
  requested: RequestedScopes;
  chosen?: ScopeChoice | undefined;
}

/** What the client asked for, in words. */
function askedHtml(requested: RequestedScopes) {
  if (!requested.named) {
    return html`<p id="scope-asked">It did not ask for anything narrower than the whole server: choose below what it may do.</p>`;
  }
  const { ceiling } = requested;
  const access = ceiling.access === 'read' ? 'read-only access' : 'read and write access';
  return html`<p id="scope-asked">It asks for ${access} to: ${ceiling.toolsets
    .map((t) => TOOLSET_LABELS[t].split(':')[0])
    .join(', ')} (<code>${requested.canonical}</code>). You can allow less, not more.</p>`;
}

/** The hidden fields that repeat the authorization request (validated again on submit). */
function requestFields(request: AuthorizationRequest, csrfToken: string) {
  const fields: [string, string | null][] = [
    ['response_type', 'code'],
    ['client_id', request.clientId],
    ['redirect_uri', request.redirectUri],
    ['code_challenge', request.codeChallenge],
    ['code_challenge_method', 'S256'],
    ['state', request.state],
    ['scope', request.scope],
    ['resource', request.resource],
    ['csrf_token', csrfToken],
  ];
  return fields
    .filter(([, value]) => value !== null)
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
}

/**
 * The consent page: who asks (the client's name, marked as self-declared unless its metadata document
 * vouches for it, and the host it sends you back to), the Intercom access token field, Allow / Deny.
 */
export function consentHtml(view: ConsentView) {
  const { client, request } = view;
  const redirectHost = new URL(request.redirectUri).host;
  const documentHost = client.kind === 'metadata_document' ? new URL(client.clientId).host : null;
  const named = client.clientName ?? documentHost ?? 'An unnamed application';
  // Chosen by the client: isolated wherever our sentences show it.
  const name = isolated(named);
  const region = (value: string, label: string) =>
    html`<option value="${value}"${view.region === value ? ' selected' : ''}>${label}</option>`;
  const fields = requestFields(request, view.csrfToken);
  return oauthPage(
    `Intercom MCP: allow ${plainText(named)}`,
    html`<h1>Allow <span id="client-name">${name}</span> to use your Intercom workspace</h1>
<p class="lead">${
      documentHost
        ? html`This application is published by <strong id="client-host">${isolated(documentHost)}</strong>.`
        : html`The name above was chosen by the application itself; make sure you started this from an app you trust.`
    }
After you allow access you will be sent back to <strong id="redirect-host">${isolated(redirectHost)}</strong>,
which can then use the Intercom MCP tools in your workspace until you revoke it.</p>
${view.error ? html`<p id="form-error" class="error" role="alert">${isolated(view.error)}</p>` : ''}
<form id="consent-form" method="post" action="${PATHS.authorize}" autocomplete="off">
${fields}
<label for="intercom-token">Intercom access token</label>
<input id="intercom-token" name="intercom_token" type="password" required spellcheck="false" autocomplete="off"
  placeholder="dG9rOj…" aria-describedby="token-help">
<p id="token-help" class="help">Intercom → Settings → Developer Hub → your app → Authentication → Access token.
It is checked with Intercom, then stored encrypted; ${name} never sees it.</p>
<label for="region">Data region</label>
<select id="region" name="region">
${region('', 'Detect automatically')}${region('us', 'United States (api.intercom.io)')}${region('eu', 'Europe (api.eu.intercom.io)')}${region('au', 'Australia (api.au.intercom.io)')}
</select>
<h2>What may ${name} do?</h2>
${askedHtml(view.requested)}
${scopeChoiceHtml({ ceiling: view.requested.ceiling, chosen: view.chosen })}
<button id="approve-button" type="submit" name="action" value="approve">Allow access</button>
<button id="deny-button" type="submit" name="action" value="deny" formnovalidate>Deny</button>
${
  // In the same form (formaction), so the choices above travel with it; the token field is not used.
  view.intercomSignIn
    ? html`<button id="intercom-signin-button" type="submit" formaction="${PATHS.intercomStart}" formnovalidate>Sign in with Intercom instead</button>`
    : ''
}
</form>`,
  );
}
