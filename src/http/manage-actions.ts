import { IntercomApiError } from '../intercom/errors.js';
import { capsInput, resolveCaps } from '../tenancy/caps.js';
import type { ConnectionView } from '../tenancy/connection-view.js';
import { type Access, isToolset, makeScopes } from '../tenancy/scopes.js';
import { parseConnectionToken } from '../tenancy/tokens.js';
import type { RouteDeps } from './context.js';
import type { ManageSession } from './manage-session.js';

/** What an action leaves behind: a notice, maybe a new session (rotation) or none (revoked), new URLs. */
export interface ActionResult {
  notice: { error: boolean; text: string };
  /** undefined: unchanged; null: the session ended (its connection was revoked). */
  session?: ManageSession | null;
  rotated?: { connectionId: string; mcpUrl: string; sseUrl: string };
  /** A pasted Intercom token was refused: counts as a failed authentication of the address. */
  rejectedCredential?: boolean;
}

const ok = (text: string): ActionResult => ({ notice: { error: false, text } });
const refused = (text: string): ActionResult => ({ notice: { error: true, text } });

const wholeNumber = (value: string | null) => {
  const text = (value ?? '').trim();
  return text === '' ? null : /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
};

/**
 * Runs one /manage action on `target` (already checked to be one the session may manage). Narrowing
 * scopes and tightening caps need only the session; widening needs a workspace (Intercom token) session.
 */
export async function runAction(
  deps: RouteDeps,
  session: ManageSession,
  action: string,
  target: ConnectionView,
  form: URLSearchParams,
): Promise<ActionResult> {
  const { connections, logger, config } = deps;
  const id = target.connection_id;
  const owner = session.kind === 'workspace' ? { verifiedWorkspaceId: session.workspaceId } : undefined;
  switch (action) {
    case 'rotate': {
      const rotated = await connections.rotate(id);
      if (!rotated) return refused('This connection no longer exists.');
      logger.info({ connectionId: id }, 'manage: connection rotated');
      const lookupId = parseConnectionToken(rotated.token) ?? '';
      return {
        notice: {
          error: false,
          text: 'Rotated: the old URL stopped working. Put the new one in your AI client.',
        },
        session: session.kind === 'connection' ? { ...session, lookupId } : session,
        rotated: {
          connectionId: id,
          mcpUrl: `${config.publicUrl}/mcp/${rotated.token}`,
          sseUrl: `${config.publicUrl}/sse/${rotated.token}`,
        },
      };
    }
    case 'revoke': {
      await connections.revoke(id);
      logger.info({ connectionId: id }, 'manage: connection revoked');
      const text = 'Revoked: its URL, OAuth sign-ins and stored Intercom key are gone.';
      return { notice: { error: false, text }, ...(session.kind === 'connection' && { session: null }) };
    }
    case 'revoke_others':
      return revokeOthers(deps, session, target, form.get('intercom_token'));
    case 'scopes': {
      const access = form.get('access');
      const toolsets = form.getAll('toolset').filter(isToolset);
      if ((access !== 'read' && access !== 'write') || toolsets.length === 0) {
        return refused('Choose the access and at least one kind of tool.');
      }
      const result = await connections.changeSettings(
        id,
        { scopes: () => makeScopes(access as Access, toolsets) },
        owner,
      );
      if (result.ok) return ok(`Saved: it may now use ${result.view.scopes.oauth_scope}.`);
      return result.reason === 'not_found'
        ? refused('This connection no longer exists.')
        : refused(
            'Allowing more needs the workspace owner: sign in with an Intercom access token of the workspace.',
          );
    }
    case 'caps': {
      const input = capsInput.safeParse({
        confirm_above: wholeNumber(form.get('confirm_above')) ?? 0,
        sends_per_day: wholeNumber(form.get('sends_per_day')),
      });
      if (!input.success)
        return refused('Caps are whole numbers of 0 or more (leave the daily cap empty for none).');
      const result = await connections.changeSettings(id, { caps: (c) => resolveCaps(input.data, c) }, owner);
      if (result.ok) return ok('Saved the caps.');
      return result.reason === 'not_found'
        ? refused('This connection no longer exists.')
        : refused(
            'Loosening the caps needs the workspace owner: sign in with an Intercom access token of the workspace.',
          );
    }
    default:
      return refused('Unknown action.');
  }
}

async function revokeOthers(
  deps: RouteDeps,
  session: ManageSession,
  target: ConnectionView,
  intercomToken: string | null,
): Promise<ActionResult> {
  const workspaceId = target.workspace.id;
  if (session.kind === 'connection') {
    // A connection's URL may be held by an AI client; only the workspace owner may end the others.
    if (!intercomToken?.trim()) return refused('Paste an Intercom access token of this workspace first.');
    try {
      const proven = await deps.connections.workspaceOf(intercomToken.trim());
      if (proven.workspaceId !== workspaceId) {
        return {
          ...refused('That Intercom token belongs to another workspace. Nothing was revoked.'),
          rejectedCredential: true,
        };
      }
    } catch (error) {
      if (!(error instanceof IntercomApiError)) throw error;
      return error.kind === 'auth'
        ? {
            ...refused('Intercom rejected that access token. Nothing was revoked.'),
            rejectedCredential: true,
          }
        : refused('Intercom could not be reached to check the token. Nothing was revoked; try again.');
    }
  }
  const others = (await deps.connections.listWorkspace(workspaceId)).filter(
    (v) => v.connection_id !== target.connection_id,
  );
  for (const other of others) await deps.connections.revoke(other.connection_id);
  deps.logger.info(
    { workspaceId, kept: target.connection_id, revoked: others.length },
    'manage: other connections revoked',
  );
  return ok(`Revoked ${others.length} other connection(s) of the workspace.`);
}
