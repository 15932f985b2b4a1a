import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (servers as processes, bulk sends, thousands of requests), longest first.
 * Vitest orders files by their last duration, which a fresh clone does not have; it would then start these
 * by file size, some of them last, and the run would end waiting on one of them alone.
 */
const SLOW_FIRST = [
  'test/bulk-send-processes.test.ts',
  'test/bulk-send.test.ts',
  'test/process.test.ts',
  'test/key-rotation.test.ts',
  'test/fuzz.test.ts',
  'test/isolation.test.ts',
  'test/rate-limits.test.ts',
  'test/database-outage.test.ts',
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const key = (file: TestSpecification) => relative(this.ctx.config.root, file.moduleId);
    const known = sorted.every((file) =>
      this.ctx.cache.getFileTestResults(`${file.project.name}:${key(file)}`),
    );
    if (known) return sorted;
    const rank = (file: TestSpecification) => {
      const at = SLOW_FIRST.indexOf(key(file));
      return at < 0 ? SLOW_FIRST.length : at;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
