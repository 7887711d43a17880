// QDISC_KINDS and CLASS_KINDS are written out in tc/kinds/names.ts (so that importing @linx/rtnl does not
// load every kind's codec): they must be the kinds the codecs in tc/kinds/index.ts build and read, in order.
import { describe, expect, it } from 'vitest';
import { CLASS_KINDS, QDISC_KINDS } from '../src/index.js';
import { codecKinds } from '../src/tc/kinds/index.js';

describe('tc kind names', () => {
  it('QDISC_KINDS lists the qdisc kinds that have a codec, in their order', () => {
    expect(QDISC_KINDS).toEqual(codecKinds().qdisc);
  });

  it('CLASS_KINDS lists the class kinds that have a codec, in their order', () => {
    expect(CLASS_KINDS).toEqual(codecKinds().class);
  });
});
