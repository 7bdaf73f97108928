import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'packages/*/e2e/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    testTimeout: 20_000,
  },
});
