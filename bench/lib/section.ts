import type { BenchContext } from './context.js';

/**
 * One part of the benchmark (bench/sections/<name>.ts, listed in bench/sections/index.ts): what it
 * measures, run in one or both phases, and its part of the report.
 */
export interface Section {
  /** Its name in BENCH_SECTIONS. */
  name: string;
  /** Where its part stands in the report (ascending); its targets are listed in the same order. */
  reportOrder: number;
  /** Runs while the app the sections share is up (`context.app`). */
  withApp?(context: BenchContext): Promise<void>;
  /** Runs once that app has stopped: for sections that start processes of their own. */
  afterApp?(context: BenchContext): Promise<void>;
  /** Its part of the report, as markdown lines; it adds its targets (addTarget) as it renders. */
  render(context: BenchContext): string[];
}
