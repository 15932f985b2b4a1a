import { distance } from 'fastest-levenshtein';

/**
 * Arguments as models write them, brought to the vocabulary before validation, for every tool at once
 * and guided by the tool's own JSON Schema (so nothing is renamed into a key the tool does not have):
 * - camelCase keys → snake_case (`conversationId` → `conversation_id`);
 * - common aliases (`user_id` → `external_id`, `limit` → `per_page`, `starting_after` → `cursor`, `q` → `query`);
 * - a person given flat where the tool takes `contact` (`{"email": …}` → `{"contact": {"email": …}}`);
 * - `id` where the tool's only required id is `<thing>_id`;
 * - a number where a string is expected, a numeric string where a number is, "true"/"false" for booleans.
 * What is still unknown afterwards is refused by the strict schemas, with `suggestArgument`'s "did you mean".
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
}

const ALIASES: Record<string, string[]> = {
  user_id: ['external_id'],
  userid: ['external_id'],
  limit: ['per_page'],
  page_size: ['per_page'],
  max_results: ['per_page'],
  max_parts: ['per_page'],
  count: ['per_page'],
  size: ['per_page'],
  starting_after: ['cursor'],
  next_cursor: ['cursor'],
  page_token: ['cursor'],
  page: ['cursor'],
  tags: ['tag'],
  admin: ['admin_id'],
  from_admin: ['from_admin_id'],
  assignee: ['admin'],
  message: ['body'],
  text: ['body', 'query'],
  q: ['query', 'text'],
  search: ['query', 'text'],
  phrase: ['query', 'text'],
  keywords: ['query', 'text'],
  search_query: ['query', 'text'],
  content: ['body'],
  type: ['message_type'],
};

/** Keys that name a person, and where they go inside `contact`. */
const PERSON_KEYS: Record<string, string> = {
  id: 'id',
  email: 'email',
  external_id: 'external_id',
  user_id: 'external_id',
  contact_id: 'id',
  contact_email: 'email',
  contact_external_id: 'external_id',
};

function isPerson(node: JsonSchema): boolean {
  const p = node.properties;
  return Boolean(p && 'id' in p && 'email' in p && 'external_id' in p);
}

/** `"jane@acme.com"` → `{email}`, a contact id → `{id}`, anything else → `{external_id}`. */
function personFromText(value: string | number): Record<string, string> {
  const text = String(value).trim();
  if (text.includes('@')) return { email: text };
  if (/^[0-9a-f]{24}$/i.test(text) || /^https?:\/\//i.test(text)) return { id: text };
  return { external_id: text };
}

function snake(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The branch of a union that fits `value` (by its `type` discriminator), else the first object branch. */
export function branchFor(schema: JsonSchema, value: unknown): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  const objects = branches.filter((b) => b.properties);
  if (isRecord(value)) {
    const byType = objects.find(
      (b) => b.properties?.type?.const !== undefined && b.properties.type.const === value.type,
    );
    if (byType) return byType;
  }
  const scalar = branches.find((b) => !b.properties && typeMatches(b, value));
  return scalar ?? objects[0] ?? schema;
}

function typeMatches(schema: JsonSchema, value: unknown): boolean {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes(Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);
}

function coerceScalar(value: unknown, schema: JsonSchema): unknown {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return value;
  if (
    typeof value === 'number' &&
    !types.includes('number') &&
    !types.includes('integer') &&
    types.includes('string')
  ) {
    return String(value);
  }
  if (typeof value === 'string' && !types.includes('string')) {
    const text = value.trim();
    if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(text))
      return Number(text);
    if (types.includes('boolean') && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  }
  return value;
}

/** Returns `value` brought to `schema`'s vocabulary (a new object; the input is not changed). */
export function normalizeArguments(value: unknown, schema: JsonSchema | undefined): unknown {
  if (!schema) return value;
  const node = branchFor(schema, value);
  if (Array.isArray(value)) return node.items ? value.map((v) => normalizeArguments(v, node.items)) : value;
  if (isPerson(node) && (typeof value === 'string' || typeof value === 'number'))
    return personFromText(value);
  if (!isRecord(value)) return coerceScalar(value, node);
  const properties = node.properties;
  if (!properties) return value;
  const out: Record<string, unknown> = {};
  const moved: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const target = renameKey(key, node, value);
    if (target.into === 'contact') moved[target.key] = v;
    else if (!(target.key in out)) out[target.key] = v;
  }
  if (Object.keys(moved).length > 0) {
    out.contact = isRecord(out.contact)
      ? { ...moved, ...out.contact }
      : out.contact === undefined
        ? moved
        : out.contact;
  }
  for (const [key, v] of Object.entries(out)) out[key] = normalizeArguments(v, properties[key]);
  return out;
}

function renameKey(
  key: string,
  node: JsonSchema,
  value: Record<string, unknown>,
): { key: string; into?: 'contact' } {
  const properties = node.properties ?? {};
  if (key in properties) return { key };
  const free = (k: string) => k in properties && !(k in value);
  const plain = snake(key);
  if (free(plain)) return { key: plain };
  for (const alias of ALIASES[plain] ?? []) if (free(alias)) return { key: alias };
  const person = PERSON_KEYS[plain];
  if (person && 'contact' in properties) return { key: person, into: 'contact' };
  if (plain === 'id') {
    const ids = (node.required ?? []).filter((k) => k.endsWith('_id'));
    if (ids.length === 1 && ids[0] && free(ids[0])) return { key: ids[0] };
  }
  return { key };
}

/** The valid argument closest to an unknown one, for "did you mean `per_page`?". */
export function suggestArgument(unknown: string, valid: string[]): string | undefined {
  const plain = snake(unknown);
  for (const alias of ALIASES[plain] ?? []) if (valid.includes(alias)) return alias;
  const containing = valid.filter((v) => v.includes(plain) || plain.includes(v));
  if (containing.length === 1) return containing[0];
  let best: { name: string; d: number } | undefined;
  for (const name of valid) {
    const d = distance(plain, name);
    if (!best || d < best.d) best = { name, d };
  }
  return best && best.d <= Math.max(2, Math.floor(plain.length / 2)) ? best.name : undefined;
}

/** The schema of the object at `path` inside `args`, following the arguments through unions and arrays. */
export function schemaAt(
  schema: JsonSchema,
  args: unknown,
  path: readonly PropertyKey[],
): JsonSchema | undefined {
  let node: JsonSchema | undefined = branchFor(schema, args);
  let value = args;
  for (const step of path) {
    if (!node) return undefined;
    if (typeof step === 'number') {
      value = Array.isArray(value) ? value[step] : undefined;
      node = node.items;
    } else {
      value = isRecord(value) ? value[String(step)] : undefined;
      node = node.properties?.[String(step)];
    }
    node = node ? branchFor(node, value) : undefined;
  }
  return node;
}
