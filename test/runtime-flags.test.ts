import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../bench/lib/node-flags.js';

const root = join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

// The benchmark measures the server as it is deployed; these three places must name the same Node flags.
describe('Node flags of the server', () => {
  it('are the same in npm start, the Docker image and the benchmark', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start;
    expect(start).toBe(`node ${SERVER_NODE_FLAGS.join(' ')} dist/server.js`);
    const cmd = read('Dockerfile')
      .split('\n')
      .find((line) => line.startsWith('CMD '));
    expect(JSON.parse(cmd?.slice(4) ?? 'null')).toEqual(['node', ...SERVER_NODE_FLAGS, 'dist/server.js']);
  });
});
