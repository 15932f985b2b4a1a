import { describe, expect, it } from 'vitest';
import { authorizeUrl, openConsent, pkce, registerClient } from './support/oauth.js';
import { useTestApp } from './support/use-test-app.js';

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const REDIRECT = 'http://127.0.0.1:9/callback';

/**
 * A right-to-left override in a client's name used to reorder the consent page's own heading around it.
 * Client-chosen text is shown without bidi controls and isolated in <bdi>, on every page that shows it.
 */
describe('client-chosen text on our pages is isolated', () => {
  const { app } = useTestApp();

  it('shows a client_name with bidi controls isolated and without the controls', async () => {
    const name = '\u202EtnegA yduJ\u202C \u2067Reader\u2069 \u200Fx';
    const { status, body } = await registerClient(app.url, {
      client_name: name,
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
    });
    expect(status).toBe(201);
    const { challenge } = await pkce();
    const consent = await openConsent(
      authorizeUrl(app.url, { clientId: body.client_id, redirectUri: REDIRECT, challenge }),
    );
    expect(consent.response.status).toBe(200);
    expect(consent.html).not.toMatch(BIDI);
    const heading = /<h1>([\s\S]*?)<\/h1>/.exec(consent.html)?.[1] ?? '';
    expect(heading).toContain('<span id="client-name"><bdi>tnegA yduJ Reader x</bdi></span>');
    // Every place the name appears in a sentence is isolated; the <title> holds it as plain text.
    const inBody = consent.html.split('</head>')[1] ?? '';
    const bare = inBody.replaceAll('<bdi>tnegA yduJ Reader x</bdi>', '');
    expect(bare).not.toContain('tnegA yduJ');
    expect(consent.html).toContain('<title>Intercom MCP: allow tnegA yduJ Reader x</title>');
  });

  it('isolates the error page description and the connect page workspace name', async () => {
    const { challenge } = await pkce();
    const error = await fetch(
      authorizeUrl(app.url, { clientId: '\u202Eunknown', redirectUri: REDIRECT, challenge }),
    );
    const html = await error.text();
    expect(error.status).toBe(400);
    expect(html).not.toMatch(BIDI);
    expect(html).toMatch(/<span id="error-description"><bdi>[^<]*<\/bdi><\/span>/);
    const connect = await (await fetch(`${app.url}/`)).text();
    expect(connect).toContain('<bdi id="workspace-name"></bdi>');
    const script = await (await fetch(`${app.url}/assets/connect.js`)).text();
    expect(script).toContain("replace(bidiControls, '')");
  });
});
