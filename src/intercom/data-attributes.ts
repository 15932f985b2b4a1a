import { z } from 'zod';
import type { IntercomApi } from './client.js';

/** Data types we create; `options` (list attributes) needs its options and is never inferred. */
export type DataAttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'date';

const dataAttributeSchema = z.object({
  name: z.string(),
  data_type: z.string().nullish(),
  custom: z.boolean().nullish(),
  archived: z.boolean().nullish(),
  api_writable: z.boolean().nullish(),
});
export type IntercomDataAttribute = z.infer<typeof dataAttributeSchema>;

const dataAttributeListSchema = z.object({ data: z.array(dataAttributeSchema).default([]) });

/**
 * GET /data_attributes?model=contact: the custom (non-archived) contact attributes by name, and the
 * names of the standard ones (email, name...), which are set as fields, never as custom attributes.
 */
export async function listContactDataAttributes(
  api: IntercomApi,
): Promise<{ custom: Map<string, IntercomDataAttribute>; standard: Set<string> }> {
  const list = await api.read(dataAttributeListSchema, (sdk, o) =>
    sdk.dataAttributes.list({ model: 'contact' }, o),
  );
  const custom = list.data.filter((a) => a.custom && !a.archived);
  const standard = list.data.filter((a) => !a.custom);
  return { custom: new Map(custom.map((a) => [a.name, a])), standard: new Set(standard.map((a) => a.name)) };
}

/** POST /data_attributes `{name, model: 'contact', data_type}`. Never retried. */
export function createContactCustomAttribute(
  api: IntercomApi,
  name: string,
  dataType: DataAttributeType,
): Promise<IntercomDataAttribute> {
  const body = { name, model: 'contact', data_type: dataType };
  // The SDK's request type leaves out name and model although the API requires them.
  return api.write(dataAttributeSchema, (sdk, o) =>
    sdk.dataAttributes.create(body as Parameters<typeof sdk.dataAttributes.create>[0], o),
  );
}

export type AttributeValue = string | number | boolean | null;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** Intercom's rule for attribute names: letters, digits, currency symbols, spaces, `_` and `-`. */
export const ATTRIBUTE_NAME = /^[\p{L}\p{N}\p{Sc} _-]+$/u;

/** An ISO 8601 date or date-time as Unix seconds (a date alone means midnight UTC), else undefined. */
export function isoToUnix(value: string): number | undefined {
  if (!ISO_DATE.test(value)) return undefined;
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/**
 * The data type to create for a new attribute, from its first value: boolean; integer or float for
 * numbers; date for ISO 8601 date strings (stored as Unix seconds, as Intercom expects); else string.
 * A null says nothing about the type: undefined.
 */
export function inferDataType(value: AttributeValue): DataAttributeType | undefined {
  if (value === null) return undefined;
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  return isoToUnix(value) !== undefined ? 'date' : 'string';
}

/**
 * Checks a value against an attribute's data type before anything is written, converting ISO dates
 * to Unix seconds for date attributes. Returns the value to send, or the type that was expected.
 */
export function coerceAttributeValue(
  dataType: string | null | undefined,
  value: AttributeValue,
): { ok: true; value: AttributeValue } | { ok: false; expected: string } {
  if (value === null) return { ok: true, value };
  switch (dataType) {
    case 'integer':
      return Number.isInteger(value) ? { ok: true, value } : { ok: false, expected: 'an integer' };
    case 'float':
      return typeof value === 'number' ? { ok: true, value } : { ok: false, expected: 'a number' };
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, expected: 'true or false' };
    case 'date':
    case 'datetime': {
      if (typeof value === 'number' && Number.isInteger(value)) return { ok: true, value };
      const unix = typeof value === 'string' ? isoToUnix(value) : undefined;
      return unix !== undefined
        ? { ok: true, value: unix }
        : { ok: false, expected: 'an ISO 8601 date or Unix seconds' };
    }
    case 'string':
    case 'options':
      return typeof value === 'string' ? { ok: true, value } : { ok: false, expected: 'a string' };
    default:
      return { ok: true, value };
  }
}
