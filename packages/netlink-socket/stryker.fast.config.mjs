import { strykerConfig } from '../../stryker.base.mjs';
import full from './stryker.config.mjs';

// The engine's fast mutation run (`pnpm mutation --fast netlink-socket`, or `npx stryker run
// stryker.fast.config.mjs` here): the same mutants and goal as stryker.config.mjs, tested only by the
// tests vitest.fast.config.ts names, those on the fake kernel plus one quick kernel test. The full run
// gives every router or connection mutant the slow kernel tests too (~20 s each, about a day in all);
// this one takes about an hour with --concurrency 1. A mutant only the slow kernel tests kill counts as
// surviving here.
export default strykerConfig({
  goal: 85,
  mutate: full.mutate,
  vitestConfig: 'vitest.fast.config.ts',
});
