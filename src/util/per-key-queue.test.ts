import { describe, expect, it } from 'vitest';
import { PerKeyQueue } from './per-key-queue.js';

describe('PerKeyQueue', () => {
  it('runs one task at a time per key, in order, and keys side by side; a failure does not stop the queue', async () => {
    const queue = new PerKeyQueue();
    const running = new Map<string, number>();
    let most = 0;
    const order: string[] = [];
    const task =
      (key: string, label: string, fail = false) =>
      async () => {
        running.set(key, (running.get(key) ?? 0) + 1);
        most = Math.max(most, running.get(key) ?? 0);
        await new Promise((r) => setTimeout(r, 2));
        running.set(key, (running.get(key) ?? 1) - 1);
        order.push(label);
        if (fail) throw new Error(label);
        return label;
      };
    const results = await Promise.allSettled([
      queue.run('a', task('a', 'a1')),
      queue.run('a', task('a', 'a2', true)),
      queue.run('a', task('a', 'a3')),
      queue.run('b', task('b', 'b1')),
    ]);
    expect(most).toBe(1);
    expect(order.filter((l) => l.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(order.indexOf('b1')).toBeLessThan(order.indexOf('a3')); // b did not wait for a
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });
});
