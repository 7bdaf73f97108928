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
    // The AWS SDK's notice that its 2027 releases need Node 22, once per test process: Baton
    // supports Node 20 on purpose (engines >=20), so it is noise in every test's output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
