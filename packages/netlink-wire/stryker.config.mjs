import { strykerConfig } from '../../stryker.base.mjs';

// Everything wire has is hand-written and reachable without a kernel.
export default strykerConfig({ goal: 85, mutate: ['src/**/*.ts'] });
