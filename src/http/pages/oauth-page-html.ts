import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { isolated } from './isolate.js';

type Content = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * The frame shared by the consent, error and manage pages: static, no script; every value is escaped by
 * `html`. `stylesheet` adds a page's own styles after the shared ones.
 */
export function oauthPage(title: string, body: Content, stylesheet?: string) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="/assets/connect.css">
${
  stylesheet
    ? html`<link rel="stylesheet" href="${stylesheet}">
`
    : ''
}</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** An error the user sees instead of a redirect (the client or its redirect URI could not be trusted). */
export function oauthErrorHtml(code: string, description: string) {
  return oauthPage(
    'Intercom MCP: sign-in failed',
    html`<h1>This sign-in request cannot continue</h1>
<p class="error" role="alert"><span id="error-description">${isolated(description)}</span></p>
<p class="help">Error code: <code id="error-code">${code}</code>. Start again from your AI assistant's
connector settings; if it keeps failing, the app that sent you here is misconfigured.</p>`,
  );
}
