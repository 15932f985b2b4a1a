import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../bench/lib/node-flags.js';

const root = join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  engines: { node: string };
  devDependencies: Record<string, string>;
};

// The benchmark measures the server as it is deployed; these three places must name the same Node flags.
describe('Node flags of the server', () => {
  it('are the same in npm start, the Docker image and the benchmark', () => {
    expect(pkg.scripts.start).toBe(`node ${SERVER_NODE_FLAGS.join(' ')} dist/server.js`);
    const cmd = read('Dockerfile')
      .split('\n')
      .find((line) => line.startsWith('CMD '));
    expect(JSON.parse(cmd?.slice(4) ?? 'null')).toEqual(['node', ...SERVER_NODE_FLAGS, 'dist/server.js']);
  });
});

// Development, CI and the benchmark figures are on the Node version the project targets (engines and
// @types/node); the image must run that one too, or what is deployed is not what was tested.
describe('Node version of the Docker image', () => {
  it('is the major version the project targets', () => {
    const target = /(\d+)/.exec(pkg.engines.node)?.[1];
    expect(/(\d+)/.exec(pkg.devDependencies['@types/node'] ?? '')?.[1]).toBe(target);
    const images = read('Dockerfile')
      .split('\n')
      .filter((line) => line.startsWith('FROM '))
      .map((line) => /^FROM node:(\d+)/.exec(line)?.[1]);
    expect(images.length).toBeGreaterThan(0);
    expect(images.every((major) => major === target)).toBe(true);
  });
});
