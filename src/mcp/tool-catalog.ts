import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ToolDefinition } from '../tools/define-tool.js';
import { UNTRUSTED_MEANING } from '../tools/untrusted.js';
import { compactSchema } from './compact-schema.js';

function jsonSchema(schema: z.ZodObject, io: 'input' | 'output'): Tool['inputSchema'] {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return { ...compactSchema(rest, io), type: 'object' } as Tool['inputSchema'];
}

/**
 * The tools/list answer and a name index, computed once per process: building zod objects and
 * converting them to JSON Schema on every request is the largest avoidable per-request cost.
 */
export class ToolCatalog {
  readonly listing: { tools: Tool[] };
  readonly definitions: readonly ToolDefinition[];
  private readonly byName: Map<string, ToolDefinition>;
  private readonly untrusted: Set<string>;

  constructor(definitions: readonly ToolDefinition[]) {
    this.definitions = definitions;
    this.byName = new Map(definitions.map((d) => [d.name, d]));
    this.listing = {
      tools: definitions.map((d) => ({
        name: d.name,
        title: d.title,
        description: d.description,
        inputSchema: jsonSchema(d.inputSchema, 'input'),
        outputSchema: jsonSchema(d.outputSchema, 'output'),
        annotations: { ...d.annotations },
      })),
    };
    this.untrusted = new Set(
      this.listing.tools
        .filter((t) => JSON.stringify(t.outputSchema).includes('UNTRUSTED'))
        .map((t) => t.name),
    );
    for (const tool of this.listing.tools) {
      if (this.untrusted.has(tool.name) && tool.outputSchema) {
        tool.outputSchema = { description: UNTRUSTED_MEANING, ...tool.outputSchema };
      }
    }
  }

  get(name: string): ToolDefinition | undefined {
    return this.byName.get(name);
  }

  /** The input JSON Schema the tool is listed with (guides argument normalization and "did you mean"). */
  inputSchemaOf(name: string): Tool['inputSchema'] | undefined {
    return this.listing.tools.find((t) => t.name === name)?.inputSchema;
  }

  /** True when the tool's output carries customer-written (untrusted) text. */
  hasUntrustedOutput(name: string): boolean {
    return this.untrusted.has(name);
  }
}
