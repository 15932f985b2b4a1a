import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';

/** Calls a tool and returns the raw result. */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** Calls a tool, asserts it succeeded, and returns its structuredContent. */
export async function callOk<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<T> {
  const result = await callTool(client, name, args);
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  expect(result.structuredContent).toBeDefined();
  return result.structuredContent as T;
}

/** Calls a tool, asserts it failed with isError and without a stack trace, and returns the error text. */
export async function callFails(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<string> {
  const result = await callTool(client, name, args);
  expect(result.isError, JSON.stringify(result.structuredContent)).toBe(true);
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  expect(text).not.toMatch(/\n\s+at .*:\d+/);
  return text;
}
