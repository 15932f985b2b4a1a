import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The folders of src/ depend one way (routes → tenancy → MCP → tools → search/directory → Intercom → util):
// a cycle between two folders means one of them reaches up into a layer above it.
const SRC = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** A file's top-level folder under src/ (files at the top are nodes of their own). */
function folderOf(path: string): string {
  return relative(SRC, path).split('/')[0] as string;
}

/** folder → folder edges, each with one import that makes it. */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), match[1] as string);
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from === to) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${relative(SRC, file)} imports ${match[1]}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Every cycle found by depth-first search, as the chain of imports that closes it. */
function cycles(graph: Map<string, Map<string, string>>): string[] {
  const found = new Set<string>();
  const visit = (node: string, path: string[]) => {
    for (const [next, why] of graph.get(node) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const loop = [...path.slice(at), next];
        found.add(loop.join(' → ') + ` (closed by ${why})`);
      } else if (path.length < 8) {
        visit(next, [...path, next]);
      }
    }
  };
  for (const node of graph.keys()) visit(node, [node]);
  return [...found];
}

describe('folder dependencies', () => {
  it('has no cycle between the folders of src/', () => {
    const graph = folderGraph();
    expect(graph.size).toBeGreaterThan(5); // the scan found the imports
    expect(cycles(graph)).toEqual([]);
  });
});
