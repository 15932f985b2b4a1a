import { describe, expect, it } from 'vitest';
import { LoopPressure } from './loop-pressure.js';
import { sleep } from './sleep.js';

function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // a saturated event loop
  }
}

describe('LoopPressure', () => {
  it('reports saturation after a window of blocking work, and none after an idle one', async () => {
    const pressure = new LoopPressure(0.9, 0.5, 50);
    expect(pressure.isSaturated()).toBe(false);
    busyFor(200);
    await sleep(5); // the sampler's timer runs first and measures the blocked window
    expect(pressure.isSaturated()).toBe(true);
    await sleep(200);
    expect(pressure.isSaturated()).toBe(false);
  });
});
