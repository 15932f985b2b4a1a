/**
 * What a model needs of a JSON Schema, said once: every tools/list answer costs context in every
 * conversation. Drops what zod writes by default but no client or model uses (the safe-integer bounds of
 * every integer, `additionalProperties: false` below the top-level arguments object, `required` lists of
 * outputs) and writes `X | null` as a type list instead of an anyOf.
 */
type Node = Record<string, unknown>;

const SAFE_INTEGER = 9_007_199_254_740_991;

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
  return nullableAsTypeList(out);
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

export function compactSchema(schema: Node, io: 'input' | 'output'): Node {
  return compactNode(schema, io, true);
}
