import { strykerConfig } from '../../stryker.base.mjs';

// The verbs; generated declarations are checked against the kernel headers by ynl-gen's tests instead.
export default strykerConfig({ goal: 75, mutate: ['src/**/*.ts', '!src/generated/**', '!src/index.ts'] });
