/**
 * What a model needs of a JSON Schema, said once: every tools/list answer costs context in every
 * conversation. Drops what zod writes by default but no client or model uses (the safe-integer bounds of
 * every integer, `additionalProperties: false` below the top-level arguments object, `required` lists of
 * outputs) and writes `X | null` as a type list instead of an anyOf.
 */
type Node = Record<string, unknown>;

const SAFE_INTEGER = 9_007_199_254_740_991;
/**
 * Input limits the server checks and explains itself (a refused argument names the limit and the fix);
 * a pattern would also mislead, since ids accept URLs and numbers that the pattern does not show.
 */
const SERVER_CHECKED = new Set(['minLength', 'maxLength', 'pattern', 'minItems', 'maxItems']);

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compactNode(node: Node, io: 'input' | 'output', top: boolean): Node {
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'minimum' && value === -SAFE_INTEGER) continue;
    if (key === 'maximum' && value === SAFE_INTEGER) continue;
    if (key === 'additionalProperties' && value === false && !(top && io === 'input')) continue;
    if (key === 'required' && io === 'output') continue;
    if (io === 'input' && SERVER_CHECKED.has(key)) continue;
    if (key === 'type' && value === 'string' && 'const' in node) continue; // the const says it
    // Object keys are strings anyway.
    if (
      key === 'propertyNames' &&
      isNode(value) &&
      value.type === 'string' &&
      Object.keys(value).length === 1
    )
      continue;
    if (key === 'properties' && isNode(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, isNode(v) ? compactNode(v, io, false) : v]),
      );
    } else if (Array.isArray(value)) {
      out[key] = value.map((v) => (isNode(v) ? compactNode(v, io, false) : v));
    } else {
      out[key] = isNode(value) ? compactNode(value, io, false) : value;
    }
  }
  return scalarsAsTypeList(nullableAsTypeList(out));
}

/** `{anyOf: [{type: "string"}, {type: "number"}]}` (plain types only) → `{type: ["string", "number"]}`. */
function scalarsAsTypeList(node: Node): Node {
  const anyOf = node.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length < 2) return node;
  const plain = anyOf.every((b) => isNode(b) && typeof b.type === 'string' && Object.keys(b).length === 1);
  if (!plain) return node;
  const { anyOf: _dropped, ...rest } = node;
  return { ...rest, type: anyOf.map((b) => (b as Node).type) };
}

/** `{anyOf: [{type: "string", …}, {type: "null"}]}` → `{type: ["string", "null"], …}`. */
function nullableAsTypeList(node: Node): Node {
  const anyOf = node.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return node;
  const nullIndex = anyOf.findIndex((b) => isNode(b) && b.type === 'null' && Object.keys(b).length === 1);
  const other = anyOf[1 - nullIndex];
  if (nullIndex < 0 || !isNode(other) || typeof other.type !== 'string') return node;
  const { anyOf: _dropped, ...rest } = node;
  return { ...other, ...rest, type: [other.type, 'null'] };
}

/** True when the node or anything below it carries a description (something to tell the model). */
function describes(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(describes);
  if (!isNode(node)) return false;
  return typeof node.description === 'string' || Object.values(node).some(describes);
}

/**
 * An output schema keeps only the properties that say something beyond their value's own shape: a
 * description (what it means, UNTRUSTED marks) somewhere at or below them. The rest the model reads
 * from the answer itself. Properties left out stay valid (output objects allow unlisted properties),
 * so clients that check structuredContent against the schema still accept every answer.
 */
function pruneOutput(node: Node, top = true): Node {
  // Below the top, types are what the answer shows; only the words (and the structure leading to them) stay.
  const { type: _type, ...rest } = node;
  const out: Node = top ? { ...node } : rest;
  if (isNode(node.properties)) {
    const kept = Object.entries(node.properties).filter(([, v]) => describes(v));
    out.properties = Object.fromEntries(kept.map(([k, v]) => [k, isNode(v) ? pruneOutput(v, false) : v]));
  }
  if (isNode(node.items)) out.items = pruneOutput(node.items, false);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = node[key];
    if (Array.isArray(branches)) out[key] = branches.map((b) => (isNode(b) ? pruneOutput(b, false) : b));
  }
  if (isNode(node.additionalProperties))
    out.additionalProperties = pruneOutput(node.additionalProperties, false);
  return top ? out : dropEmpty(out);
}

/** Leftovers with nothing to say: `items: {}`, `properties: {}`, key schemas, unions of empties. */
function dropEmpty(node: Node): Node {
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'propertyNames') continue;
    if (isNode(value) && Object.keys(value).length === 0) continue;
    if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      const said = value.filter((b) => isNode(b) && Object.keys(b).length > 0);
      if (said.length === 1 && isNode(said[0])) Object.assign(out, said[0]);
      else if (said.length > 1) out[key] = said;
      continue;
    }
    out[key] = value;
  }
  return out;
}

export function compactSchema(schema: Node, io: 'input' | 'output'): Node {
  const compact = compactNode(schema, io, true);
  return io === 'output' ? pruneOutput(compact) : compact;
}
