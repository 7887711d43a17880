import { strykerConfig } from '../../stryker.base.mjs';

export default strykerConfig({ goal: 85, mutate: ['src/**/*.ts', '!src/index.ts'] });
