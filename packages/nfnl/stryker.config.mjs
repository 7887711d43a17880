import { strykerConfig } from '../../stryker.base.mjs';

// The verbs; generated declarations are checked against the kernel headers by ynl-gen's tests instead.
// nfqueue's and nflog's hand-written declarations (no YNL spec) likewise: gcc checks every id and struct
// layout in them against the UAPI headers (test/nfqueue-nflog-headers.test.ts). Their mutants are all
// module-level, and public-exports.test.ts's dynamic import made Stryker run each against that test
// alone, which cannot see them: 68 "survivors" that said nothing about the suite.
export default strykerConfig({
  goal: 75,
  mutate: ['src/**/*.ts', '!src/**/generated/**', '!src/index.ts', '!src/nfqueue/messages.ts', '!src/nflog/messages.ts'],
});
