import { describe, expect, it } from 'vitest';
import { DEFAULT_SCOPES, FULL_SCOPES, makeScopes, parseStoredScopes, TOOLSETS } from '../tenancy/scopes.js';
import { tools } from '../tools/index.js';
import { ScopedCatalogs } from './scoped-catalog.js';
import { ToolCatalog } from './tool-catalog.js';
import { missingForArguments, TOOLSET_OF, toolsetOf } from './toolsets.js';

const full = new ToolCatalog(tools);

describe('toolsets table', () => {
  // A new tool must be given a toolset in src/mcp/toolsets.ts, or nobody is offered it.
  it.each(tools.map((t) => [t.name]))('%s belongs to a toolset', (name) => {
    expect(toolsetOf(name), `add ${name} to TOOLSET_OF in src/mcp/toolsets.ts`).toBeDefined();
  });

  it('names only tools that exist (no guessed names)', () => {
    const names = new Set(tools.map((t) => t.name));
    expect(Object.keys(TOOLSET_OF).filter((name) => !names.has(name))).toEqual([]);
  });

  it('puts deletion and bulk sends in their own toolsets, off by default', () => {
    expect(toolsetOf('delete_contact')).toBe('deletion');
    expect(toolsetOf('get_message_job')).toBe('bulk_messaging');
    expect(DEFAULT_SCOPES.toolsets).not.toContain('deletion');
    expect(DEFAULT_SCOPES.toolsets).not.toContain('bulk_messaging');
    expect(DEFAULT_SCOPES.access).toBe('write');
  });

  it('never resolves inherited property names', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(toolsetOf(name)).toBeUndefined();
      expect(missingForArguments(name, { segment: {} }, DEFAULT_SCOPES)).toEqual([]);
    }
  });

  it('asks for bulk messaging when a message goes to a segment or tag', () => {
    const messaging = makeScopes('write', ['messaging']);
    expect(missingForArguments('send_intercom_message', { segment: { name: 'x' } }, messaging)).toHaveLength(
      1,
    );
    expect(missingForArguments('send_intercom_message', { tag: { id: '1' } }, messaging)).toHaveLength(1);
    expect(missingForArguments('send_intercom_message', { recipients: [] }, messaging)).toEqual([]);
    expect(
      missingForArguments('send_intercom_message', { recipients: [], segment: null }, messaging),
    ).toEqual([]);
    const bulk = makeScopes('write', ['messaging', 'bulk_messaging']);
    expect(missingForArguments('send_intercom_message', { segment: { name: 'x' } }, bulk)).toEqual([]);
  });
});

describe('scoped catalogs', () => {
  const catalogs = new ScopedCatalogs(full);

  it('computes one tool list per scope set, shared by equal scopes', () => {
    const a = catalogs.for(makeScopes('read', ['contacts', 'conversations']));
    const b = catalogs.for(parseStoredScopes('intercom:read intercom:conversations intercom:contacts'));
    expect(b).toBe(a);
    expect(b.listing).toBe(a.listing);
    expect(catalogs.for(makeScopes('write', ['contacts', 'conversations']))).not.toBe(a);
  });

  it('offers exactly the tools of the chosen toolsets, and only read-only ones when read-only', () => {
    for (const access of ['read', 'write'] as const) {
      for (const toolset of TOOLSETS) {
        const listed = catalogs.for(makeScopes(access, [toolset])).listing.tools.map((t) => t.name);
        const expected = tools
          .filter((t) => toolsetOf(t.name) === toolset && (access === 'write' || t.annotations.readOnlyHint))
          .map((t) => t.name);
        expect(listed, `${access} ${toolset}`).toEqual(expected);
      }
    }
    expect(catalogs.for(FULL_SCOPES).listing.tools).toHaveLength(tools.length);
  });

  it('says what a tool outside the scope set needs, and nothing for unknown names', () => {
    const readOnly = catalogs.for(makeScopes('read', TOOLSETS));
    expect(readOnly.get('delete_contact')).toBeUndefined();
    expect(readOnly.missingFor('delete_contact')?.join(' ')).toMatch(/intercom:write/);
    const noDeletion = catalogs.for(DEFAULT_SCOPES);
    expect(noDeletion.missingFor('delete_contact')?.join(' ')).toMatch(/intercom:deletion/);
    expect(noDeletion.missingFor('Delete_Contact')).toBeUndefined();
    expect(noDeletion.missingFor('__proto__')).toBeUndefined();
    expect(noDeletion.get('__proto__')).toBeUndefined();
  });

  it('tells a read-only model that write tools are not offered', () => {
    expect(catalogs.for(makeScopes('read', ['contacts'])).instructions).toMatch(/read-only/);
    expect(catalogs.for(DEFAULT_SCOPES).instructions).not.toMatch(/read-only/);
  });
});
