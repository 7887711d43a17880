// The StrykerJS settings every package's mutation run shares (`pnpm mutation`, scripts/mutation.mjs).
// A package's stryker.config.mjs names what it mutates and its goal (the score it must reach); reports land in
// the package's reports/mutation/ (ignored by git) and scripts/mutation.mjs summarises them.
/** @param {{ mutate: string[], goal: number, vitestConfig?: string }} options */
export function strykerConfig({ mutate, goal, vitestConfig = 'vitest.config.ts' }) {
  return {
    testRunner: 'vitest',
    vitest: { configFile: vitestConfig },
    plugins: ['@stryker-mutator/vitest-runner'],
    coverageAnalysis: 'perTest',
    mutate,
    reporters: ['progress', 'clear-text', 'json', 'html'],
    jsonReporter: { fileName: 'reports/mutation/mutation.json' },
    htmlReporter: { fileName: 'reports/mutation/mutation.html' },
    clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
    // `goal` is the score the package must reach: below it, stryker exits non-zero.
    thresholds: { high: Math.max(goal, 90), low: goal, break: goal },
    // Stryker rewrites a sandboxed tsconfig's relative `extends` through the TypeScript compiler API,
    // which TypeScript 7 no longer has. So no tsconfig is copied into the sandbox (it lives in the
    // package folder, .stryker-tmp/sandbox-*/), and the transform finds the package's own one above it.
    tsconfigFile: 'tsconfig.json',
    ignorePatterns: ['/tsconfig*.json', 'reports', 'dist', '.vitest'],
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
    concurrency: 2,
    timeoutMS: 10000,
    ignoreStatic: true,
  };
}
