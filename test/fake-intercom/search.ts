// The Intercom search query grammar: a filter {field, operator, value} or a group
// {operator: AND|OR, value: [...]}, at most 2 levels of groups and 15 entries per group.
import { invalid } from './errors.js';
import { isRecord, startOfDay, startOfNextDay, stripHtml } from './util.js';

export type FieldKind = 'string' | 'number' | 'boolean' | 'date' | 'words';

export interface FieldDef<T> {
  kind: FieldKind;
  /** Array-valued field (tag_ids, contact_ids...): `=` means "contains". */
  list?: boolean;
  ops: readonly string[];
  get(item: T): unknown;
}

export interface SearchSpec<T> {
  field(name: string): FieldDef<T> | undefined;
  /** 'day': contacts, dates match whole calendar days in `timezone`. 'exact': conversations, > and < inclusive. */
  dates: 'day' | 'exact';
  timezone: string;
}

export const MAX_DEPTH = 2;
export const MAX_PER_GROUP = 15;

type Pred<T> = (item: T) => boolean;

export function compileQuery<T>(query: unknown, spec: SearchSpec<T>): Pred<T> {
  if (!isRecord(query)) throw invalid('query is required and must be an object', 'query');
  return compileNode(query, spec, 0);
}

function compileNode<T>(node: unknown, spec: SearchSpec<T>, depth: number): Pred<T> {
  if (!isRecord(node)) throw invalid('each query entry must be an object', 'query');
  if ('field' in node) return compileFilter(node, spec);
  const op = node.operator;
  if (op !== 'AND' && op !== 'OR')
    throw invalid(`Operator '${String(op)}' is not a valid group operator`, 'query');
  if (depth + 1 > MAX_DEPTH)
    throw invalid(`Query nesting exceeds the maximum of ${MAX_DEPTH} levels`, 'query');
  const value = node.value;
  if (!Array.isArray(value) || value.length === 0)
    throw invalid('a query group needs a non-empty value array', 'query');
  if (value.length > MAX_PER_GROUP)
    throw invalid(`A query group accepts at most ${MAX_PER_GROUP} filters`, 'query');
  const preds = value.map((child) => compileNode(child, spec, depth + 1));
  return op === 'AND' ? (x) => preds.every((p) => p(x)) : (x) => preds.some((p) => p(x));
}

function compileFilter<T>(node: Record<string, unknown>, spec: SearchSpec<T>): Pred<T> {
  const name = node.field;
  const op = node.operator;
  if (typeof name !== 'string') throw invalid('field must be a string', 'query');
  const def = spec.field(name);
  if (!def) throw invalid(`'${name}' is not a searchable field`, name);
  if (typeof op !== 'string' || !def.ops.includes(op)) {
    throw invalid(`Operator '${String(op)}' is not supported for field '${name}'`, name);
  }
  const multi = op === 'IN' || op === 'NIN';
  if (multi && !Array.isArray(node.value)) throw invalid(`${op} requires an array value`, name);
  if (!multi && Array.isArray(node.value)) throw invalid(`${op} requires a single value`, name);
  const raw = multi ? (node.value as unknown[]) : [node.value];
  const values = raw.map((v) => coerce(def.kind, v, name, op));
  const test = matcher(def.kind, op, values, spec);
  const negative = op === '!=' || op === 'NIN' || op === '!~';
  return (item) => {
    const v = def.get(item);
    if (def.list && values[0] === null) {
      const empty = !Array.isArray(v) || v.length === 0;
      return op === '=' ? empty : !empty;
    }
    if (def.list) {
      const arr = Array.isArray(v) ? v : [];
      // "contains" semantics: negative operators must hold for every element.
      return negative ? arr.every((e) => test(e)) : arr.some((e) => test(e));
    }
    return test(v);
  };
}

function coerce(kind: FieldKind, v: unknown, field: string, op: string): unknown {
  if (v === null && (op === '=' || op === '!=')) return null;
  switch (kind) {
    case 'string':
    case 'words':
      if (typeof v === 'string') return v.toLowerCase();
      if (typeof v === 'number') return String(v);
      break;
    case 'number':
    case 'date': {
      const n =
        typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
      if (Number.isFinite(n)) return n;
      break;
    }
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      break;
  }
  throw invalid(`Value ${JSON.stringify(v)} is not valid for field '${field}' (${kind})`, field);
}

const lower = (v: unknown): string | null => (v === null || v === undefined ? null : String(v).toLowerCase());

function matcher<T>(
  kind: FieldKind,
  op: string,
  values: unknown[],
  spec: SearchSpec<T>,
): (v: unknown) => boolean {
  const first = values[0];
  if (first === null)
    return op === '=' ? (v) => v === null || v === undefined || v === '' : (v) => v != null && v !== '';
  if (kind === 'words') return wordsMatcher(op, values as string[]);
  if (kind === 'string') {
    const set = new Set(values as string[]);
    const s = first as string;
    const fns: Record<string, (x: string) => boolean> = {
      '=': (x) => x === s,
      '!=': (x) => x !== s,
      IN: (x) => set.has(x),
      NIN: (x) => !set.has(x),
      '~': (x) => x.includes(s),
      '!~': (x) => !x.includes(s),
      '^': (x) => x.startsWith(s),
      $: (x) => x.endsWith(s),
    };
    const fn = fns[op] ?? (() => false);
    const nullResult = op === '!=' || op === 'NIN' || op === '!~';
    return (v) => {
      const x = lower(v);
      return x === null ? nullResult : fn(x);
    };
  }
  if (kind === 'date' && spec.dates === 'day') {
    const start = startOfDay(spec.timezone, first as number);
    const next = startOfNextDay(spec.timezone, first as number);
    const fns: Record<string, (x: number) => boolean> = {
      '=': (x) => x >= start && x < next,
      '>': (x) => x >= next,
      '<': (x) => x < start,
    };
    const fn = fns[op] ?? (() => false);
    return (v) => typeof v === 'number' && fn(v);
  }
  // number, boolean, exact dates
  const set = new Set(values);
  const fns: Record<string, (x: unknown) => boolean> = {
    '=': (x) => x === first,
    '!=': (x) => x !== first,
    IN: (x) => set.has(x),
    NIN: (x) => !set.has(x),
    '>': (x) => typeof x === 'number' && (kind === 'date' ? x >= (first as number) : x > (first as number)),
    '<': (x) => typeof x === 'number' && (kind === 'date' ? x <= (first as number) : x < (first as number)),
    '>=': (x) => typeof x === 'number' && x >= (first as number),
    '<=': (x) => typeof x === 'number' && x <= (first as number),
  };
  const fn = fns[op] ?? (() => false);
  return (v) => fn(v ?? null);
}

/** `source.body`: matches single words only; a value with spaces matches nothing, whatever the operator. */
function wordsMatcher(op: string, values: string[]): (v: unknown) => boolean {
  const single = values.filter((w) => !/\s/.test(w.trim())).map((w) => w.trim());
  const s = values[0] ?? '';
  const multiWord = /\s/.test(s.trim());
  const words = (v: unknown) => (v instanceof Set ? (v as Set<string>) : new Set<string>());
  const plain = (v: unknown) =>
    v instanceof Set ? [...v].join(' ') : typeof v === 'string' ? stripHtml(v).toLowerCase() : '';
  switch (op) {
    case '=':
      return (v) => single.length > 0 && words(v).has(single[0] as string);
    case '!=':
      return (v) => single.length === 0 || !words(v).has(single[0] as string);
    case 'IN':
      return (v) => single.some((w) => words(v).has(w));
    case 'NIN':
      return (v) => !single.some((w) => words(v).has(w));
    // Intercom matches source.body word by word: a value with whitespace ("need support") matches nothing.
    case '~':
      return (v) => !multiWord && plain(v).includes(s);
    case '!~':
      return (v) => multiWord || !plain(v).includes(s);
    case '^':
      return (v) => !multiWord && plain(v).startsWith(s);
    case '$':
      return (v) => !multiWord && plain(v).endsWith(s);
    default:
      return () => false;
  }
}
