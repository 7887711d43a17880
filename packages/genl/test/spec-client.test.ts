// The typed client (GenlClient) against a fake kernel: the request bytes it sends (genlmsghdr with the
// command and the family's version, then the attributes; a family's fixed header after genlmsghdr), reply
// and notification decoding, and that bad input (an operation the spec or the kernel lacks, a request the
// policy refuses, an unknown family) is refused with a typed error before anything reaches the family.
// Command and attribute numbers are the UAPI headers' (linux/netdev.h NETDEV_CMD_DEV_GET 1 and
// NETDEV_A_DEV_IFINDEX 1; linux/openvswitch.h OVS_VPORT_CMD_GET 3, OVS_VPORT_ATTR_NAME 3), written out here.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, genlReplyType, type FakeHandler } from '@linx/netlink-socket/testing';
import { encodeAttribute, errnoNumber, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST } from '@linx/netlink-wire';
import { ctrlMessage, FamilyNotFoundError, InvalidArgumentError, Genl, GENL_ID_CTRL, genlClient, nlctrl, OperationNotSupportedError, PolicyViolationError, type GenlEvent } from '../src/index.js';
import * as netdev from '../src/netdev/generated/netdev.js';
import { declarations as ovsVport } from '../src/ovs-vport/index.js';
import type { LoadedGenlSpec } from '../src/spec/index.js';

const ctrl = compileMessage(ctrlMessage);
const FAMILY_ID = 0x20;

interface FakeFamily {
  name: string;
  version: number;
  /** cmd → capability flags nlctrl lists. */
  ops: Record<number, nlctrl.OpFlags[]>;
  groups?: Record<string, number>;
  /** The CTRL_CMD_GETPOLICY answer: cmd → do policy index, and the policies. */
  policy?: { ops: Record<number, number | { dump: number }>; policies: Record<number, Record<number, { type: nlctrl.AttrType; minValueU?: bigint; maxValueU?: bigint; maxLength?: number; mask?: bigint }>> };
}

function fake(family: FakeFamily, answer: FakeHandler = (req, k) => k.ack(req)) {
  const kernel = new FakeKernel(
    (req, k) => {
      if (req.type !== GENL_ID_CTRL) return answer(req, k);
      const request = ctrl.decode(req.payload);
      if (request.header.cmd === nlctrl.requestCommandValues.getpolicy) {
        if (family.policy === undefined) return k.error(req, errnoNumber('EOPNOTSUPP')!);
        const p = family.policy;
        const payload = ctrl.encode({
          header: { cmd: nlctrl.replyCommandValues['getpolicy-reply'], version: 2, reserved: 0 },
          attrs: {
            familyId: FAMILY_ID,
            opPolicy: Object.entries(p.ops).map(([cmd, index]) => ({ type: Number(cmd), value: typeof index === 'number' ? { do: index } : index })),
            policy: Object.entries(p.policies).map(([index, attrs]) => ({ type: Number(index), value: Object.entries(attrs).map(([id, value]) => ({ type: Number(id), value })) })),
          },
        });
        return k.multipart(req, [payload], { type: GENL_ID_CTRL });
      }
      const name = request.attrs.familyName;
      if (name === 'nlctrl') {
        const payload = ctrl.encode({ header: { cmd: nlctrl.replyCommandValues.newfamily, version: 2, reserved: 0 }, attrs: { familyName: name, familyId: GENL_ID_CTRL, version: 2, mcastGroups: [{ name: 'notify', id: 0x10 }] } });
        return [{ messages: [k.reply(req, { type: GENL_ID_CTRL, payload })] }, k.ack(req)];
      }
      if (name !== family.name) return k.error(req, errnoNumber('ENOENT')!);
      const payload = ctrl.encode({
        header: { cmd: nlctrl.replyCommandValues.newfamily, version: 2, reserved: 0 },
        attrs: {
          familyName: name,
          familyId: FAMILY_ID,
          version: family.version,
          hdrsize: 0,
          maxattr: 0,
          ops: Object.entries(family.ops).map(([cmd, flags]) => ({ id: Number(cmd), flags })),
          mcastGroups: Object.entries(family.groups ?? {}).map(([groupName, id]) => ({ name: groupName, id })),
        },
      });
      return [{ messages: [k.reply(req, { type: GENL_ID_CTRL, payload })] }, k.ack(req)];
    },
    { replyType: genlReplyType },
  );
  const genl = new Genl(new Connection(kernel));
  return { kernel, genl, sent: () => kernel.requests.filter((m) => m.type === FAMILY_ID), asked: () => kernel.requests.filter((m) => m.type === GENL_ID_CTRL) };
}

const u32 = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);
const bytes = (...parts: (number[] | Uint8Array)[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const netdevFamily: FakeFamily = { name: 'netdev', version: 1, ops: { 1: ['cmd-cap-do', 'cmd-cap-dump'] }, groups: { mgmt: 0x30 } };

describe('GenlClient requests', () => {
  it("do sends genlmsghdr (the spec's command, the family's version) and the attributes, as a request with ACK; the reply is decoded", async () => {
    // NETDEV_A_DEV_IFINDEX 3, NETDEV_A_DEV_XDP_FEATURES (3, u64; 2 is the pad) NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT (1 | 2).
    const reply = bytes([1, 1, 0, 0], encodeAttribute(1, u32(3)), encodeAttribute(3, new Uint8Array(new BigUint64Array([3n]).buffer)));
    const { genl, sent } = fake(netdevFamily, (req, k) => [{ messages: [k.reply(req, { type: FAMILY_ID, payload: reply })] }, k.ack(req)]);
    const client = genlClient(genl, netdev);
    const dev = await client.do('dev-get', { ifindex: 3 });
    expect(dev).toEqual({ ifindex: 3, xdpFeatures: ['basic', 'redirect'] });
    const [request] = sent();
    expect(request!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    expect(request!.payload).toEqual(bytes([1, 1, 0, 0], encodeAttribute(1, u32(3))));
    expect(sent()).toHaveLength(1);
    genl.close();
  });

  it('dump sends NLM_F_DUMP with the dump request and decodes every reply', async () => {
    const { genl, sent } = fake(netdevFamily, (req, k) => k.multipart(req, [1, 2, 5].map((i) => bytes([1, 1, 0, 0], encodeAttribute(1, u32(i)))), { type: FAMILY_ID }));
    const devices = await genlClient(genl, netdev).dump('dev-get');
    expect(devices.map((d) => d.ifindex)).toEqual([1, 2, 5]);
    expect(sent()[0]!.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
    expect(sent()[0]!.payload).toEqual(bytes([1, 1, 0, 0]));
    genl.close();
  });

  it('iterate yields the same replies one by one; an interrupted dump ends with DumpInterruptedError after them', async () => {
    const payloads = [1, 2, 5].map((i) => bytes([1, 1, 0, 0], encodeAttribute(1, u32(i))));
    const { genl } = fake(netdevFamily, (req, k) => k.multipart(req, payloads, { type: FAMILY_ID }));
    const seen: (number | undefined)[] = [];
    for await (const device of genlClient(genl, netdev).iterate('dev-get')) seen.push(device.ifindex);
    expect(seen).toEqual([1, 2, 5]);
    genl.close();
    const interrupted = fake(netdevFamily, (req, k) => k.multipart(req, payloads, { type: FAMILY_ID, interrupted: 1 }));
    const got: (number | undefined)[] = [];
    await expect(
      (async () => {
        for await (const device of genlClient(interrupted.genl, netdev).iterate('dev-get')) got.push(device.ifindex);
      })(),
    ).rejects.toMatchObject({ code: 'ERR_LINX_DUMP_INTERRUPTED' });
    expect(got).toEqual([1, 2, 5]);
    interrupted.genl.close();
  });

  it("a family with a fixed header (OVS's ovs_header): it follows genlmsghdr in the request, and comes back as fixedHeader", async () => {
    const { genl, sent } = fake({ name: 'ovs_vport', version: 2, ops: { 3: ['cmd-cap-do', 'cmd-cap-dump'] } }, (req, k) => [
      { messages: [k.reply(req, { type: FAMILY_ID, payload: bytes([3, 2, 0, 0], u32(9), encodeAttribute(1, u32(4)), encodeAttribute(3, bytes(new TextEncoder().encode('p0'), [0]))) })] },
      k.ack(req),
    ]);
    const client = genlClient(genl, ovsVport);
    const port = await client.do('get', { name: 'p0' }, { fixedHeader: { dpIfindex: 9 } });
    expect(port).toEqual({ portNo: 4, name: 'p0', fixedHeader: { dpIfindex: 9 } });
    expect(sent()[0]!.payload).toEqual(bytes([3, 2, 0, 0], u32(9), encodeAttribute(3, bytes(new TextEncoder().encode('p0'), [0]))));
    genl.close();
  });
});

describe('GenlClient bad input: typed errors, nothing sent to the family', () => {
  it('an operation the spec does not have (nlctrl not even asked), a mode it lacks', async () => {
    const { genl, sent, asked } = fake(netdevFamily);
    const client = genlClient(genl, netdev);
    const anyDo = (client.do as (op: string, r: object) => Promise<unknown>).bind(client);
    await expect(anyDo('dev-set', {})).rejects.toMatchObject({ code: 'ERR_LINX_GENL_OPERATION_NOT_SUPPORTED', family: 'netdev', operation: 'dev-set', mode: 'do', reason: 'spec' });
    expect(asked()).toHaveLength(0);
    await expect(anyDo('qstats-get', {})).rejects.toThrow(/do of "qstats-get" is not in its spec \(it has dump\)/);
    expect(sent()).toHaveLength(0);
    genl.close();
  });

  it('an operation the kernel does not offer (nlctrl lists no such command, or not for dump)', async () => {
    const { genl, sent } = fake({ ...netdevFamily, ops: { 1: ['cmd-cap-do'] } });
    const client = genlClient(genl, netdev);
    await expect(client.dump('dev-get')).rejects.toMatchObject({ reason: 'kernel', mode: 'dump', message: expect.stringContaining('has no cmd-cap-dump') });
    await expect(client.do('napi-get', { id: 1 })).rejects.toThrow(OperationNotSupportedError);
    await expect(client.do('napi-get', { id: 1 })).rejects.toThrow(/nlctrl lists no command 11/);
    expect(sent()).toHaveLength(0);
    genl.close();
  });

  it("a value its declaration cannot encode (a string for a u32): the codec's typed error, nothing sent", async () => {
    const { genl, sent } = fake(netdevFamily);
    await expect(genlClient(genl, netdev).do('dev-get', { ifindex: 'eth0' as never })).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_LINX_/) });
    expect(sent()).toHaveLength(0);
    genl.close();
  });

  it('a family the kernel does not have: FamilyNotFoundError naming it', async () => {
    const { genl, sent } = fake({ ...netdevFamily, name: 'other' });
    await expect(genlClient(genl, netdev).do('dev-get', { ifindex: 1 })).rejects.toThrow(FamilyNotFoundError);
    expect(sent()).toHaveLength(0);
    genl.close();
  });

  it('a request its policy refuses: the policy is asked for once, and the request never sent', async () => {
    const policy = { ops: { 1: 0 }, policies: { 0: { 1: { type: 'u32' as const, minValueU: 1n, maxValueU: 0xffffffffn } } } };
    const { genl, sent, asked } = fake({ ...netdevFamily, ops: { 1: ['cmd-cap-do', 'cmd-cap-haspol'] }, policy });
    const client = genlClient(genl, netdev);
    const error = await client.do('dev-get', { ifindex: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyViolationError);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ attribute: 'ifindex', id: 1, reason: 'range', operation: 'dev-get', message: expect.stringContaining('below the policy\'s minimum 1') });
    await expect(client.do('dev-get', { xdpFeatures: ['basic'] } as never)).rejects.toMatchObject({ attribute: 'xdpFeatures', reason: 'unknown-attribute' });
    expect(sent()).toHaveLength(0);
    const policyRequests = asked().filter((m) => m.payload[0] === nlctrl.requestCommandValues.getpolicy);
    expect(policyRequests).toHaveLength(1);
    // With checks off the same request goes to the kernel.
    await genlClient(genl, netdev, { checkPolicy: false }).do('dev-get', { ifindex: 0 }).catch(() => undefined);
    expect(sent()).toHaveLength(1);
    genl.close();
  });
});

describe('GenlClient when the kernel cannot give the policy', () => {
  it('sends the request unchecked (the kernel checks it), without asking again', async () => {
    const kernel = fake({ ...netdevFamily, ops: { 1: ['cmd-cap-do', 'cmd-cap-haspol'] } }, (req, k) => [{ messages: [k.reply(req, { type: FAMILY_ID, payload: bytes([1, 1, 0, 0], encodeAttribute(1, u32(0))) })] }, k.ack(req)]);
    // No `policy` in the fake family: its GETPOLICY answer is an error.
    const client = genlClient(kernel.genl, netdev);
    expect(await client.do('dev-get', { ifindex: 0 })).toEqual({ ifindex: 0 });
    await client.do('dev-get', { ifindex: 0 });
    expect(kernel.sent()).toHaveLength(2);
    expect(kernel.asked().filter((m) => m.payload[0] === nlctrl.requestCommandValues.getpolicy)).toHaveLength(1);
    kernel.genl.close();
  });
});

describe('GenlClient policy of a dump-only command', () => {
  it('is found under command 0, where the kernel reports it (netdev qstats-get on 6.18)', async () => {
    const policy = { ops: { 0: { dump: 7 } }, policies: { 7: { 1: { type: 'u32' as const, minValueU: 1n, maxValueU: 0xffffffffn }, 4: { type: 'uint' as const, mask: 1n } } } };
    const { genl, sent } = fake({ ...netdevFamily, ops: { 12: ['cmd-cap-dump', 'cmd-cap-haspol'] }, policy });
    await expect(genlClient(genl, netdev).dump('qstats-get', { scope: 2n })).rejects.toMatchObject({ attribute: 'scope', reason: 'mask' });
    expect(sent()).toHaveLength(0);
    genl.close();
  });
});

describe('GenlClient notifications', () => {
  it("subscribe joins the group nlctrl names and decodes the group's notifications by command; others of the family come as 'other', other families' are skipped", async () => {
    const { genl, kernel } = fake(netdevFamily);
    const events = await genlClient(genl, netdev).subscribe('mgmt');
    kernel.notify(0x30, { type: FAMILY_ID, payload: bytes([2, 1, 0, 0], encodeAttribute(1, u32(7))) });
    kernel.notify(0x30, { type: FAMILY_ID + 1, payload: bytes([2, 1, 0, 0], encodeAttribute(1, u32(8))) });
    kernel.notify(0x30, { type: FAMILY_ID, payload: bytes([6, 1, 0, 0]) });
    kernel.notify(0x30, { type: FAMILY_ID, payload: bytes([3, 1, 0, 0], encodeAttribute(1, u32(7))) });
    const seen: GenlEvent<typeof netdev, 'mgmt'>[] = [];
    for await (const event of events) {
      seen.push(event);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([
      { kind: 'notification', name: 'dev-add-ntf', cmd: 2, attrs: { ifindex: 7 } },
      { kind: 'other', cmd: 6, payload: bytes([6, 1, 0, 0]) },
      { kind: 'notification', name: 'dev-del-ntf', cmd: 3, attrs: { ifindex: 7 } },
    ]);
    genl.close();
  });
});

describe('GenlClient types', () => {
  it('infers requests and replies from the spec', () => {
    const client = genlClient({} as Genl, netdev);
    expectTypeOf<keyof Parameters<typeof client.do<'dev-get'>>[1]>().toEqualTypeOf<'ifindex'>();
    expectTypeOf<{ ifindex: 3 }>().toExtend<Parameters<typeof client.do<'dev-get'>>[1]>();
    expectTypeOf<Awaited<ReturnType<typeof client.do<'dev-get'>>>>().toHaveProperty('xdpFeatures');
    expectTypeOf<Awaited<ReturnType<typeof client.do<'napi-set'>>>>().toEqualTypeOf<void>();
    expectTypeOf<Parameters<typeof client.dump>[0]>().toEqualTypeOf<'dev-get' | 'page-pool-get' | 'page-pool-stats-get' | 'queue-get' | 'napi-get' | 'qstats-get'>();
    // @ts-expect-error: qstats-get has no do
    void (() => client.do('qstats-get', {}));
    // @ts-expect-error: dev-get's request takes ifindex only
    void (() => client.do('dev-get', { xdpFeatures: [] }));
    const ovs = genlClient({} as Genl, ovsVport);
    // @ts-expect-error: an OVS request needs its fixed header
    void (() => ovs.do('get', { name: 'p0' }));
    expectTypeOf<Awaited<ReturnType<typeof ovs.do<'get'>>>['fixedHeader']>().toEqualTypeOf<{ dpIfindex: number }>();
    // A spec loaded at run time: any operation name, loose requests and replies.
    const loose = genlClient({} as Genl, {} as LoadedGenlSpec);
    expectTypeOf<Parameters<typeof loose.dump>[0]>().toEqualTypeOf<string>();
    expectTypeOf<Awaited<ReturnType<typeof loose.dump>>>().toEqualTypeOf<Record<string, unknown>[]>();
  });
});
