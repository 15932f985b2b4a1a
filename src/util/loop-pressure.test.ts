import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoopPressure } from './loop-pressure.js';

// Windows are fed from a script rather than measured: other test files share this worker's event loop
// (isolate: false), so a real measurement here depends on what else runs and flakes under load.
function scripted(values: number[]): () => () => number {
  return () => () => values.shift() ?? 0;
}

describe('LoopPressure', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('becomes saturated after a busy window and stays so until a window falls below the lower threshold', () => {
    vi.useFakeTimers();
    const pressure = new LoopPressure(0.9, 0.5, 50, scripted([0.95, 0.7, 0.6, 0.4, 0.85]));
    expect(pressure.isSaturated()).toBe(false); // sampling starts on first use
    const nextWindow = (): boolean => {
      vi.advanceTimersByTime(50);
      return pressure.isSaturated();
    };
    expect(nextWindow()).toBe(true); // 0.95 ≥ enter
    expect(nextWindow()).toBe(true); // 0.7 ≥ leave: stays
    expect(nextWindow()).toBe(true); // 0.6
    expect(nextWindow()).toBe(false); // 0.4 < leave
    expect(nextWindow()).toBe(false); // 0.85 < enter: not yet again
  });

  it('measures the real event loop: a blocked window reads as busy', async () => {
    const pressure = new LoopPressure(0.9, 0.5, 50);
    const busyReadings: number[] = [];
    const observe = pressure.observe.bind(pressure);
    pressure.observe = (busy: number) => {
      busyReadings.push(busy);
      observe(busy);
    };
    pressure.isSaturated();
    const end = performance.now() + 200;
    while (performance.now() < end) {
      // a saturated event loop
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(busyReadings.length).toBeGreaterThan(0);
    expect(Math.max(...busyReadings)).toBeGreaterThan(0.9);
  });
});
