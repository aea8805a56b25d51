import { defineConfig } from 'vitest/config';

/**
 * `unit`: no model (fake embedder), fast. `model`: the real ONNX model, sharing one index of the
 * seed corpus built once per run (tests/setup/seed-index.ts). `bench`: the bench smoke test,
 * only with BENCH_SMOKE=1 (`npm run test:bench`), as it takes minutes.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    // Vitest's default on a 2-core machine is ONE worker (cores − 1); the model tests spend much of their time
    // waiting on child processes and timers, so a second worker shortens the run without starving either.
    maxWorkers: 2,
    // Projects inherit it (`extends: true`); the model project's own global setup is appended to it.
    globalSetup: ['tests/setup/temp-root.ts'],
    projects: [
      {
        extends: true,
        // Unit builds take milliseconds, but a loaded machine (six people, two cores) can stretch them past the 5 s default.
        // No isolation: re-importing the engine for each of ~50 files cost 40 s of CPU; unit tests keep no
        // module-level state between files (each builds its own engine in a temp folder).
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], isolate: false, testTimeout: 30_000, hookTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'model',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/seed-index.ts'],
          // Model loads and index builds take seconds on a 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(process.env.BENCH_SMOKE ? [{ extends: true as const, test: { name: 'bench', include: ['tests/bench/**/*.test.ts'], testTimeout: 300_000 } }] : []),
    ],
  },
});
