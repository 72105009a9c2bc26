import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'data/**', 'tmp/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One file at a time: the end-to-end files start OCR engines and CLI processes of their own, and on two
    // cores parallel files starve each other (and vitest's worker RPC) for no gain in wall time.
    fileParallelism: false,
    env: { POSTSTELLE_LOG_LEVEL: 'warn' },
    globalSetup: ['./test/global-setup.ts'],
    reporters: ['default', './test/peer-reporter.ts'],
  },
});
