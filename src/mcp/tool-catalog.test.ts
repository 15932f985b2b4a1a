import { describe, expect, it } from 'vitest';
import { tools } from '../tools/index.js';
import { ToolCatalog } from './tool-catalog.js';

const catalog = new ToolCatalog(tools);

describe('tool catalog', () => {
  it('has unique snake_case names', () => {
    const names = tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]{2,63}$/);
  });

  it.each(tools.map((t) => [t.name, t] as const))(
    '%s has complete annotations and a short description',
    (_, tool) => {
      const listed = catalog.listing.tools.find((t) => t.name === tool.name);
      expect(listed?.annotations).toBeDefined();
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
        expect(typeof listed?.annotations?.[hint], `${tool.name}.${hint}`).toBe('boolean');
      }
      if (tool.annotations.readOnlyHint) expect(tool.annotations.destructiveHint).toBe(false);
      expect(tool.title.length).toBeGreaterThan(3);
      expect(tool.description.length).toBeLessThan(1_500);
      expect(tool.description).toMatch(/example/i);
      expect(listed?.inputSchema.type).toBe('object');
      expect(listed?.outputSchema?.type).toBe('object');
    },
  );

  it.each(tools.map((t) => [t.name, t] as const))('%s documents every input field', (_, tool) => {
    const properties = (catalog.listing.tools.find((t) => t.name === tool.name)?.inputSchema.properties ??
      {}) as Record<string, { description?: string }>;
    for (const [field, schema] of Object.entries(properties)) {
      expect(schema.description, `${tool.name}.${field} needs .describe()`).toBeTruthy();
    }
  });

  it.each(catalog.listing.tools.map((t) => [t.name, t] as const))(
    '%s matches its reviewed snapshot (one file per tool)',
    async (name, listed) => {
      await expect(`${JSON.stringify(listed, null, 2)}\n`).toMatchFileSnapshot(
        `./__snapshots__/tools/${name}.json`,
      );
    },
  );

  it('fits in a model’s context: at most 28 tools and 50,000 characters of tools/list', () => {
    expect(catalog.listing.tools.length).toBeLessThanOrEqual(28);
    expect(JSON.stringify(catalog.listing).length).toBeLessThanOrEqual(50_000);
  });

  it('marks untrusted text once per output schema and in every field that holds it', () => {
    for (const name of [
      'list_tags',
      'list_admins',
      'search_articles',
      'get_article',
      'get_conversation',
      'get_contact',
      'get_company',
      'list_segments',
    ]) {
      const schema = JSON.stringify(catalog.listing.tools.find((t) => t.name === name)?.outputSchema);
      expect(schema, name).toMatch(/^\{"description":"UNTRUSTED = text by customers or teammates/);
      expect(catalog.hasUntrustedOutput(name)).toBe(true);
    }
  });
});
