import { strykerConfig } from '../../stryker.base.mjs';

export default strykerConfig({ goal: 75, mutate: ['src/**/*.ts', '!src/index.ts'] });
