// Family resolution without a kernel: a fake nlctrl (FakeKernel) answering CTRL_CMD_GETFAMILY and
// CTRL_CMD_GETPOLICY from a registry the test changes, and announcing changes to the notify group as the
// kernel does (genl_ctrl_event). Checks the requests' bytes, the cache, and that announcements and
// overruns keep the cache current.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection, InvalidArgumentError } from '@linx/netlink-socket';
import { FakeKernel, genlReplyType } from '@linx/netlink-socket/testing';
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST, errnoNumber } from '@linx/netlink-wire';
import { ctrlMessage, FamilyNotFoundError, Genl, GENL_ID_CTRL, GroupNotFoundError, nlctrl, type AttributePolicy } from '../src/index.js';

const codec = compileMessage(ctrlMessage);
type CtrlInput = Parameters<typeof codec.encode>[0];
const { getfamily, getpolicy } = nlctrl.requestCommandValues;
const { newfamily, delfamily, 'getpolicy-reply': policyReply } = nlctrl.replyCommandValues;
const NOTIFY = 0x10;

interface Registered {
  id: number;
  version?: number;
  groups?: { name: string; id: number }[];
}

/** CTRL_CMD_NEWFAMILY (or another command) for a registered family, as the kernel writes it. */
function familyPayload(name: string, f: Registered, cmd: number = newfamily): Uint8Array {
  const value: CtrlInput = {
    header: { cmd, version: 2, reserved: 0 },
    attrs: {
      familyName: name,
      familyId: f.id,
      version: f.version ?? 1,
      hdrsize: 0,
      maxattr: 3,
      ops: [
        { id: 1, flags: ['cmd-cap-do', 'cmd-cap-haspol'] },
        { id: 2, flags: ['cmd-cap-dump'] },
      ],
      ...(f.groups ? { mcastGroups: f.groups } : {}),
    },
  };
  return codec.encode(value);
}

/** A fake nlctrl over `registry` (nlctrl itself is always there, with its notify group). */
function fakeNlctrl(registry: Map<string, Registered>) {
  const hooks: { beforeReply?: (name: string) => void } = {};
  const all = () => new Map([['nlctrl', { id: GENL_ID_CTRL, version: 2, groups: [{ name: 'notify', id: NOTIFY }] }], ...registry]);
  const kernel = new FakeKernel(
    (req, k) => {
      const { header, attrs } = codec.decode(req.payload);
      if (header.cmd === getfamily && req.flags & NLM_F_DUMP) return k.multipart(req, [...all()].map(([name, f]) => familyPayload(name, f)));
      if (header.cmd === getfamily) {
        hooks.beforeReply?.(attrs.familyName!);
        const f = all().get(attrs.familyName!);
        if (f === undefined) return k.error(req, errnoNumber('ENOENT')!);
        return [{ messages: [k.reply(req, { type: GENL_ID_CTRL, payload: familyPayload(attrs.familyName!, f) })] }, k.ack(req)];
      }
      if (header.cmd === getpolicy) {
        if (!all().has(attrs.familyName!)) return k.error(req, errnoNumber('ENOENT')!);
        const f = all().get(attrs.familyName!)!;
        const h = { cmd: policyReply, version: 2, reserved: 0 };
        return k.multipart(req, [
          codec.encode({ header: h, attrs: { familyId: f.id, opPolicy: [{ type: 1, value: { do: 0 } }, { type: 2, value: { dump: 1 } }] } }),
          codec.encode({ header: h, attrs: { familyId: f.id, policy: [{ type: 0, value: [{ type: 1, value: { type: 'u32', minValueU: 1n, maxValueU: 100n } }] }] } }),
          codec.encode({ header: h, attrs: { familyId: f.id, policy: [{ type: 0, value: [{ type: 2, value: { type: 'nul-string', maxLength: 15 } }] }] } }),
          codec.encode({ header: h, attrs: { familyId: f.id, policy: [{ type: 1, value: [{ type: 3, value: { type: 'nested', policyIdx: 0, policyMaxtype: 2 } }] }] } }),
          codec.encode({ header: h, attrs: { familyId: f.id, policy: [{ type: 1, value: [{ type: 4, value: { type: 's32', minValueS: -5n, maxValueS: 5n } }] }] } }),
        ]);
      }
      return k.error(req, errnoNumber('EOPNOTSUPP')!);
    },
    { replyType: genlReplyType },
  );
  /** What genl_ctrl_event() sends to the notify group. */
  const announce = (cmd: number, name: string, f: Registered) => kernel.notify(NOTIFY, { type: GENL_ID_CTRL, payload: familyPayload(name, f, cmd) });
  return { kernel, announce, hooks };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Genl.family: CTRL_CMD_GETFAMILY, cached', () => {
  it('asks nlctrl (type 16, genlmsghdr cmd 3, CTRL_ATTR_FAMILY_NAME) and returns the family as described', async () => {
    const { kernel } = fakeNlctrl(new Map([['demo', { id: 0x20, groups: [{ name: 'events', id: 7 }] }]]));
    const genl = new Genl(new Connection(kernel));
    const demo = await genl.family('demo');
    expect(demo).toEqual({
      name: 'demo',
      id: 0x20,
      version: 1,
      hdrsize: 0,
      maxattr: 3,
      operations: [
        { cmd: 1, flags: ['cmd-cap-do', 'cmd-cap-haspol'] },
        { cmd: 2, flags: ['cmd-cap-dump'] },
      ],
      groups: [{ name: 'events', id: 7 }],
    });
    const getFamilyOf = (name: string) => (payload: Uint8Array) => expect(codec.decode(payload)).toEqual({ header: { cmd: getfamily, version: 1, reserved: 0 }, attrs: { familyName: name } });
    // nlctrl first (to join its notify group before anything is cached), then the family.
    kernel.assertRequests({ type: GENL_ID_CTRL, flags: NLM_F_REQUEST | NLM_F_ACK, payload: getFamilyOf('nlctrl') }, { type: GENL_ID_CTRL, flags: NLM_F_REQUEST | NLM_F_ACK, payload: getFamilyOf('demo') });
    expect([...kernel.groups]).toEqual([NOTIFY]);
    expect(await genl.family('demo')).toBe(demo);
    expect(await genl.groupId('demo', 'events')).toBe(7);
    kernel.assertRequests();
    genl.close();
  });

  it('an unknown family is a FamilyNotFoundError naming it, and is not cached; a name that is none is refused before sending', async () => {
    const registry = new Map<string, Registered>();
    const { kernel } = fakeNlctrl(registry);
    const genl = new Genl(new Connection(kernel));
    const error = await genl.family('later').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FamilyNotFoundError);
    expect(error).toMatchObject({ family: 'later', code: 'ERR_LINX_GENL_FAMILY_NOT_FOUND', cause: { errnoName: 'ENOENT' } });
    registry.set('later', { id: 0x30 });
    expect((await genl.family('later')).id).toBe(0x30);
    const sent = kernel.requests.length;
    for (const bad of ['', 'a\0b', 7 as unknown as string]) await expect(genl.family(bad)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(genl.policy('')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(kernel.requests).toHaveLength(sent);
    await expect(genl.groupId('later', 'nope')).rejects.toMatchObject({ constructor: GroupNotFoundError, family: 'later', group: 'nope', groups: [] });
    genl.close();
  });
});

describe('the cache follows nlctrl announcements', () => {
  it('a family unregistered is dropped; registered again (new id) it replaces the entry without a request', async () => {
    const registry = new Map<string, Registered>([['demo', { id: 0x20 }]]);
    const { kernel, announce } = fakeNlctrl(registry);
    const genl = new Genl(new Connection(kernel));
    expect((await genl.family('demo')).id).toBe(0x20);
    registry.delete('demo');
    announce(delfamily, 'demo', { id: 0x20 });
    await settle();
    await expect(genl.family('demo')).rejects.toBeInstanceOf(FamilyNotFoundError);
    registry.set('demo', { id: 0x21 });
    announce(newfamily, 'demo', { id: 0x21 });
    await settle();
    const sent = kernel.requests.length;
    expect((await genl.family('demo')).id).toBe(0x21);
    expect(kernel.requests).toHaveLength(sent);
    genl.close();
  });

  it('a multicast group added or removed drops the entry (the announcement names only that group)', async () => {
    const registry = new Map<string, Registered>([['demo', { id: 0x20, groups: [{ name: 'a', id: 5 }] }]]);
    const { kernel, announce } = fakeNlctrl(registry);
    const genl = new Genl(new Connection(kernel));
    expect((await genl.family('demo')).groups).toEqual([{ name: 'a', id: 5 }]);
    registry.set('demo', { id: 0x20, groups: [{ name: 'a', id: 5 }, { name: 'b', id: 6 }] });
    announce(nlctrl.replyCommandValues['newmcast-grp'], 'demo', { id: 0x20, groups: [{ name: 'b', id: 6 }] });
    await settle();
    expect(await genl.groupId('demo', 'b')).toBe(6);
    expect((await genl.family('demo')).groups).toHaveLength(2);
    genl.close();
  });

  it('an overrun (announcements lost) empties the cache', async () => {
    const { kernel } = fakeNlctrl(new Map([['demo', { id: 0x20 }]]));
    const genl = new Genl(new Connection(kernel));
    // (After an overrun the engine also sends probes of its own: only the lookups are counted.)
    const lookups = () => kernel.requests.filter((r) => r.type === GENL_ID_CTRL && codec.decode(r.payload).attrs.familyName === 'demo').length;
    await genl.family('demo');
    await genl.family('demo');
    expect(lookups()).toBe(1);
    kernel.overrun();
    await settle();
    await genl.family('demo');
    expect(lookups()).toBe(2);
    genl.close();
  });

  it('an announcement that overtakes a lookup wins: the lookup returns what it got, the cache does not keep it', async () => {
    const registry = new Map<string, Registered>([['demo', { id: 0x20 }]]);
    const { kernel, announce, hooks } = fakeNlctrl(registry);
    const genl = new Genl(new Connection(kernel));
    await genl.family('nlctrl');
    hooks.beforeReply = (name) => {
      if (name !== 'demo') return;
      hooks.beforeReply = undefined;
      // The family goes away and comes back while the kernel answers: the announcement arrives first.
      announce(delfamily, 'demo', { id: 0x20 });
    };
    expect((await genl.family('demo')).id).toBe(0x20);
    const sent = kernel.requests.length;
    await genl.family('demo');
    expect(kernel.requests).toHaveLength(sent + 1);
    genl.close();
  });
});

describe('Genl.families and Genl.policy', () => {
  it('families() dumps CTRL_CMD_GETFAMILY and fills the cache', async () => {
    const { kernel } = fakeNlctrl(new Map([['a', { id: 0x20 }], ['b', { id: 0x21 }]]));
    const genl = new Genl(new Connection(kernel));
    expect((await genl.families()).map((f) => [f.name, f.id])).toEqual([['nlctrl', 16], ['a', 0x20], ['b', 0x21]]);
    kernel.assertRequests({ type: GENL_ID_CTRL, flags: NLM_F_REQUEST | NLM_F_ACK }, { type: GENL_ID_CTRL, flags: NLM_F_REQUEST | NLM_F_DUMP, payload: (p) => expect(codec.decode(p)).toEqual({ header: { cmd: getfamily, version: 1, reserved: 0 }, attrs: {} }) });
    expect((await genl.family('b')).id).toBe(0x21);
    kernel.assertRequests();
    genl.close();
  });

  it('policy() puts the GETPOLICY dump together: policies by index, attributes by number, each command\'s do and dump', async () => {
    const { kernel } = fakeNlctrl(new Map([['demo', { id: 0x20 }]]));
    const genl = new Genl(new Connection(kernel));
    const policy = await genl.policy('demo', { op: 1 });
    kernel.assertRequests({ type: GENL_ID_CTRL, flags: NLM_F_REQUEST | NLM_F_DUMP, payload: (p) => expect(codec.decode(p)).toEqual({ header: { cmd: getpolicy, version: 1, reserved: 0 }, attrs: { familyName: 'demo', op: 1 } }) });
    expect(policy).toEqual({
      family: 'demo',
      id: 0x20,
      operations: new Map([
        [1, { do: 0 }],
        [2, { dump: 1 }],
      ]),
      policies: new Map([
        [0, new Map<number, AttributePolicy>([[1, { type: 'u32', minValue: 1n, maxValue: 100n }], [2, { type: 'nul-string', maxLength: 15 }]])],
        [1, new Map<number, AttributePolicy>([[3, { type: 'nested', policy: 0, maxtype: 2 }], [4, { type: 's32', minValue: -5n, maxValue: 5n }]])],
      ]),
    });
    await expect(genl.policy('nope')).rejects.toMatchObject({ constructor: FamilyNotFoundError, family: 'nope' });
    genl.close();
  });
});
