import { describe, expect, it } from 'vitest';
import { type JsonSchema, normalizeArguments, schemaAt, suggestArgument } from './arguments.js';

const person: JsonSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, email: { type: 'string' }, external_id: { type: 'string' } },
};
const tool: JsonSchema = {
  type: 'object',
  properties: {
    contact: person,
    conversation_id: { type: 'string' },
    per_page: { type: 'integer' },
    cursor: { type: 'string' },
    dry_run: { type: 'boolean' },
    events: {
      type: 'array',
      items: { type: 'object', properties: { event_name: { type: 'string' }, contact: person } },
    },
    actions: {
      type: 'array',
      items: {
        anyOf: [
          { type: 'object', properties: { type: { const: 'assign' }, admin: { type: 'string' } } },
          { type: 'object', properties: { type: { const: 'snooze' }, until: { type: 'string' } } },
        ],
      },
    },
  },
  required: ['conversation_id'],
};

describe('normalizeArguments', () => {
  it.each([
    [{ conversationId: 123 }, { conversation_id: '123' }],
    [{ id: '123' }, { contact: { id: '123' } }],
    [{ email: 'a@b.co' }, { contact: { email: 'a@b.co' } }],
    [{ user_id: 'u-1' }, { contact: { external_id: 'u-1' } }],
    [{ contact: { user_id: 'u-1' } }, { contact: { external_id: 'u-1' } }],
    [{ contact: 'a@b.co' }, { contact: { email: 'a@b.co' } }],
    [{ contact: 'u-7' }, { contact: { external_id: 'u-7' } }],
    [{ contact_id: '6762a0a1000000000000000a' }, { contact: { id: '6762a0a1000000000000000a' } }],
    [{ limit: '10' }, { per_page: 10 }],
    [{ pageSize: 5 }, { per_page: 5 }],
    [{ starting_after: 'abc' }, { cursor: 'abc' }],
    [{ dry_run: 'true' }, { dry_run: true }],
    [
      { events: [{ event_name: 'x', userId: 'u' }] },
      { events: [{ event_name: 'x', contact: { external_id: 'u' } }] },
    ],
    [
      {
        actions: [
          { type: 'snooze', until: 1 },
          { type: 'assign', admin: 42 },
        ],
      },
      {
        actions: [
          { type: 'snooze', until: '1' },
          { type: 'assign', admin: '42' },
        ],
      },
    ],
  ])('%j → %j', (input, expected) => {
    expect(normalizeArguments(input, tool)).toEqual(expected);
  });

  it('never renames into a key that is already given, and leaves unknown keys for the strict schema', () => {
    expect(normalizeArguments({ per_page: 3, limit: 9, frobnicate: 1 }, tool)).toEqual({
      per_page: 3,
      limit: 9,
      frobnicate: 1,
    });
  });

  it('takes `id` for the one required <thing>_id when the tool has no contact', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { job_id: { type: 'string' } },
      required: ['job_id'],
    };
    expect(normalizeArguments({ id: 'job_1' }, schema)).toEqual({ job_id: 'job_1' });
  });
});

describe('suggestArgument', () => {
  it.each([
    ['perPage', ['per_page', 'cursor'], 'per_page'],
    ['limit', ['per_page', 'cursor'], 'per_page'],
    ['conversation', ['conversation_id', 'per_page'], 'conversation_id'],
    ['curser', ['per_page', 'cursor'], 'cursor'],
    ['zzzzzzzzzz', ['per_page', 'cursor'], undefined],
  ])('%s → %s', (unknown, valid, expected) => {
    expect(suggestArgument(unknown, valid)).toBe(expected);
  });
});

describe('schemaAt', () => {
  it('follows arrays and the union branch the value takes', () => {
    const args = { actions: [{ type: 'assign' }, { type: 'snooze' }] };
    expect(Object.keys(schemaAt(tool, args, ['actions', 1])?.properties ?? {})).toEqual(['type', 'until']);
  });
});
