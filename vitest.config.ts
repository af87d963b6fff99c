import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The e2e files that wait on the browsers' 30 s timers (about 100 s each) start first, so the two
 * workers end together: a clean clone (CI) has no timing cache for vitest to order by.
 */
const SLOWEST = ['recovery', 'firefox-recovery', 'real-web', 'firefox-real-web', 'private-windows'];
class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOWEST.findIndex((name) => f.moduleId.endsWith(`/tests/e2e/${name}.test.ts`));
      return i < 0 ? SLOWEST.length : i;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    // Root-level only: a project's own `sequence.sequencer` is not used (vitest 4.1).
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        plugins: [preact()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/sim/**/*.test.ts'],
          environment: 'node',
          // Property tests run thousands of cases; a loaded 2-core machine must not fail them on time.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // Two files at a time (a browser each): most of a test is waiting for real time to pass, so
          // two run in about 60 % of the time of one after the other (500 s against 860 s for the
          // suite on this 2-core machine, itself busy). Generous timeouts for a loaded machine.
          fileParallelism: true,
          maxWorkers: 2,
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
