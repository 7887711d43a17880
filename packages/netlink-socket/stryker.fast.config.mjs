import { strykerConfig } from '../../stryker.base.mjs';
import full from './stryker.config.mjs';

// The engine's fast mutation run (`pnpm mutation --fast netlink-socket`, or `npx stryker run
// stryker.fast.config.mjs` here): the same mutants and goal as stryker.config.mjs, tested only by the
// tests vitest.fast.config.ts names, those on the fake kernel plus one quick kernel test. The full run
// gives every router or connection mutant the slow kernel tests too (~20 s each, about a day in all).
// This one has 1,629 mutants and 283 tests (7 s of tests in all); with --concurrency 1 at load 15 on a
// 2-core machine the router, requests and operations (315 mutants) took 38 min, so run it by file
// (--mutate) when the machine is busy. A mutant only the slow kernel tests kill counts as surviving here.
export default strykerConfig({
  goal: 85,
  mutate: full.mutate,
  vitestConfig: 'vitest.fast.config.ts',
});
