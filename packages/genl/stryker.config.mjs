import { strykerConfig } from '../../stryker.base.mjs';

// The hand-written layer; generated declarations are checked against the kernel headers by ynl-gen's tests.
export default strykerConfig({ goal: 75, mutate: ['src/**/*.ts', '!src/**/generated/**', '!src/index.ts', '!src/*/index.ts'] });
