import { html } from 'hono/html';
import { neutralizeText } from '../../mcp/neutralize.js';

/**
 * Text a client or a workspace chose (a client_name, a host, a workspace name) shown inside our own
 * sentences: bidi controls (a right-to-left override would reorder our heading around it) and other
 * control characters removed, and the rest in a <bdi>, so its direction cannot leak into the page's.
 */
export function isolated(text: string) {
  return html`<bdi>${neutralizeText(text)}</bdi>`;
}

/** The same text for places that cannot hold markup (<title>, attributes): only the characters removed. */
export function plainText(text: string): string {
  return neutralizeText(text);
}
