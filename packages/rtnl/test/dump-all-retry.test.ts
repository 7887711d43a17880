// The verbs that decode dumps through the declarations (rules, neighbours, stats: FamilyClient.dumpAll) handle
// an interrupted dump (NLM_F_DUMP_INTR: the table changed while it was read) as their onInterrupt option
// says, like the route and address lists: retry (the default), accept (marked interrupted) or fail;
// without a kernel.
import { describe, expect, it } from 'vitest';
import { Connection, DumpInterruptedError } from '@linx/netlink-socket';
import { FakeKernel, rtnetlinkReplyType } from '@linx/netlink-socket/testing';
import { Rtnl } from '../src/index.js';

/** fib_rule_hdr (AF_INET, table main, FR_ACT_TO_TBL), then FRA_PRIORITY `priority`. */
const rule = (priority: number) => Uint8Array.of(2, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0, 8, 0, 6, 0, priority, 0, 0, 0);

/** A kernel whose first `interrupted` rule dumps are marked interrupted from the second message on. */
function kernel(interrupted: number) {
  let dumps = 0;
  return new FakeKernel((req, k) => k.multipart(req, [rule(1), rule(2)], { type: 32, ...(dumps++ < interrupted ? { interrupted: 1 } : {}) }));
}

describe('dumpAll retries an interrupted dump', () => {
  it('returns the first clean dump', async () => {
    const fake = kernel(3);
    const rtnl = new Rtnl(new Connection(fake));
    expect((await rtnl.rules.list()).map((r) => r.priority)).toEqual([1, 2]);
    expect(fake.requests).toHaveLength(4);
    rtnl.close();
  });

  it('gives up with DumpInterruptedError when its attempts are spent', async () => {
    const fake = kernel(4);
    const rtnl = new Rtnl(new Connection(fake));
    await expect(rtnl.rules.list({}, { onInterrupt: { action: 'retry', attempts: 4, initialDelay: 0 } })).rejects.toBeInstanceOf(DumpInterruptedError);
    expect(fake.requests).toHaveLength(4);
    rtnl.close();
  });

  it('accept: the interrupted dump, marked interrupted; fail: DumpInterruptedError after one dump', async () => {
    const fake = kernel(2);
    const rtnl = new Rtnl(new Connection(fake));
    const rules = await rtnl.rules.list({}, { onInterrupt: { action: 'accept' } });
    expect(rules.map((r) => r.priority)).toEqual([1, 2]);
    expect(rules.interrupted).toBe(true);
    await expect(rtnl.neighbours.list({}, { onInterrupt: { action: 'fail' } })).rejects.toBeInstanceOf(DumpInterruptedError);
    expect(fake.requests).toHaveLength(2);
    const clean = await rtnl.rules.list({}, { onInterrupt: { action: 'accept' } });
    expect(clean.interrupted).toBe(false);
    rtnl.close();
  });

  it('other errors are not retried', async () => {
    const fake = new FakeKernel((req, k) => k.multipart(req, [], { errno: 1 }), { replyType: rtnetlinkReplyType });
    const rtnl = new Rtnl(new Connection(fake));
    await expect(rtnl.rules.list()).rejects.toMatchObject({ errnoName: 'EPERM' });
    expect(fake.requests).toHaveLength(1);
    rtnl.close();
  });
});
