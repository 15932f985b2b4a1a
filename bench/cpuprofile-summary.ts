// Summarises a V8 .cpuprofile (from node --cpu-prof): self time by function and by module/package.
//   node --import tsx bench/cpuprofile-summary.ts <file.cpuprofile> [top=25] [skip ms=0]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Row {
  name: string;
  selfMs: number;
  percent: number;
}
export interface ProfileSummary {
  totalMs: number;
  /** Samples before this many ms after the profile started (process start-up, warm-up) were left out. */
  skippedMs: number;
  /** Share of the profile spent neither idle nor in "(program)" bookkeeping. */
  busyPercent: number;
  functions: Row[];
  /** By module; native frames (C++ builtins, syscalls) charged to the JS module that called them. */
  modules: Row[];
  categories: Row[];
}

const PSEUDO = new Set(['(garbage collector)', '(idle)', '(program)', '(root)']);

/** node_modules/<pkg> (scoped too), node:<area>, app source, or a V8 pseudo-frame. */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/');
    return `node:${parts.slice(0, parts[0] === 'internal' ? 2 : 1).join('/')}`;
  }
  const app = /\/(dist|src|bench|test)\/(.+)$/.exec(url);
  if (app) return `app: src/${app[2]?.replace(/\.js$/, '.ts')}`;
  return url;
}

/** Coarse buckets: who to blame. */
export function categoryOf(module: string): string {
  if (module === '(idle)') return 'idle';
  if (module === '(garbage collector)') return 'GC';
  if (module === '(program)' || module === '(native)' || module === '(root)') return 'V8/native (program)';
  if (module.startsWith('app: ')) return 'our code (src/)';
  if (module === 'undici' || module.startsWith('node:internal/deps')) return 'node: fetch (undici)';
  if (module.startsWith('node:')) return 'node: core (http, streams, timers, crypto…)';
  if (module === '@modelcontextprotocol/sdk') return '@modelcontextprotocol/sdk';
  if (module === 'zod') return 'zod';
  return `dependencies (${module})`;
}

export function summarizeProfile(profile: Profile, top = 25, skipMs = 0): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  /** The frame that pays for a node: itself, or for a native frame its nearest JS ancestor. */
  const payer = (id: number): ProfileNode | undefined => {
    let node = byId.get(id);
    const own = node;
    while (node && !node.callFrame.url && !PSEUDO.has(node.callFrame.functionName)) {
      const parent = parentOf.get(node.id);
      node = parent === undefined ? undefined : byId.get(parent);
    }
    return node?.callFrame.functionName === '(root)' ? own : (node ?? own);
  };
  const selfUs = new Map<number, number>();
  let t = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < skipMs * 1000) continue;
    const id = profile.samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  const cat = new Map<string, number>();
  const add = (m: Map<string, number>, key: string, us: number) => m.set(key, (m.get(key) ?? 0) + us);
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    total += us;
    const own = moduleOf(frame.url, frame.functionName);
    if (own === '(idle)' || own === '(program)') idle += us;
    add(
      fn,
      `${frame.functionName || '(anonymous)'}${frame.url ? ` ${own}:${frame.lineNumber + 1}` : ''}`,
      us,
    );
    const paying = payer(id)?.callFrame ?? frame;
    const module = moduleOf(paying.url, paying.functionName);
    add(mod, module, us);
    add(cat, categoryOf(module), us);
  }
  const rows = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, selfMs: us / 1e3, percent: (100 * us) / total }));
  return {
    totalMs: total / 1e3,
    skippedMs: skipMs,
    busyPercent: (100 * (total - idle)) / total,
    functions: rows(fn, top),
    modules: rows(mod, top),
    categories: rows(cat, 50),
  };
}

export function formatSummary(s: ProfileSummary): string {
  const table = (title: string, rows: Row[]) =>
    [
      `| ${title} | self ms | % of profile |`,
      '| --- | ---: | ---: |',
      ...rows.map(
        (r) => `| \`${r.name.replaceAll('|', '\\|')}\` | ${r.selfMs.toFixed(0)} | ${r.percent.toFixed(1)} |`,
      ),
    ].join('\n');
  return [
    `Profile: ${(s.totalMs / 1000).toFixed(1)} s analysed (the first ${(s.skippedMs / 1000).toFixed(1)} s, ` +
      `start-up and warm-up, left out); busy ${s.busyPercent.toFixed(0)} % (not idle or "(program)"). ` +
      'In the category and module tables, native frames (C++ builtins, syscalls) are charged to the JS ' +
      'module that called them; the function table is raw self time.',
    '',
    table('category', s.categories),
    '',
    table('module (native charged to caller)', s.modules),
    '',
    table('function (self time)', s.functions),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top, skipMs] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: cpuprofile-summary.ts <file.cpuprofile> [top=25] [skip ms=0]\n');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  process.stdout.write(
    `${formatSummary(summarizeProfile(profile, Number(top ?? 25), Number(skipMs ?? 0)))}\n`,
  );
}
