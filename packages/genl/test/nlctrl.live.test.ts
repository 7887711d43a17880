// Generic netlink family resolution against the running kernel, in a network namespace of our own
// (deleted afterwards), compared with iproute2's `genl ctrl list` and `genl ctrl policy` run in the same
// namespace. Nothing is changed: nlctrl is only asked. Families come and go only with kernel modules
// (none can be loaded here), so the announcements that keep the cache current are tested against the fake
// kernel (nlctrl.test.ts); here the handle joins nlctrl's notify group for real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, type TestNetns } from '@linx/test-kit';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { FamilyNotFoundError, GroupNotFoundError, nlctrl, open, type FamilyPolicy, type Genl, type GenlFamily } from '../src/index.js';

const skip = kernelSkipReason(['ip', 'genl']);

/** A family as `genl ctrl list` prints it. */
interface Listed {
  name: string;
  id: number;
  version: number;
  hdrsize: number;
  maxattr: number;
  /** Command → capabilities mask (0 where genl prints none). */
  operations: [number, number][];
  groups: [string, number][];
}

function parseCtrlList(text: string): Listed[] {
  const out: Listed[] = [];
  let current: Listed | undefined;
  let section: 'ops' | 'groups' | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^Name: (\S+)$/.exec(line))) {
      current = { name: m[1]!, id: -1, version: -1, hdrsize: -1, maxattr: -1, operations: [], groups: [] };
      out.push(current);
      section = undefined;
    } else if ((m = /^ID: (0x[0-9a-f]+)\s+Version: (0x[0-9a-f]+)\s+header size: (\d+)\s+max attribs: (\d+)$/.exec(line))) {
      Object.assign(current!, { id: Number(m[1]), version: Number(m[2]), hdrsize: Number(m[3]), maxattr: Number(m[4]) });
    } else if (line === 'commands supported:') section = 'ops';
    else if (line === 'multicast groups:') section = 'groups';
    else if (section === 'ops' && (m = /^#\d+:\s+ID-(0x[0-9a-f]+)$/.exec(line))) current!.operations.push([Number(m[1]), 0]);
    else if (section === 'ops' && (m = /^Capabilities \((0x[0-9a-f]+)\):$/.exec(line))) current!.operations.at(-1)![1] = Number(m[1]);
    else if (section === 'groups' && (m = /^#\d+:\s+ID-(0x[0-9a-f]+)\s+name: (\S+)$/.exec(line))) current!.groups.push([m[2]!, Number(m[1])]);
  }
  return out;
}

/**
 * A family in the shape `parseCtrlList` gives (capabilities as the mask genl prints). genl prints a
 * command's capabilities only for families of version 2 or more (print_ctrl_cmds() in iproute2's
 * genl/ctrl.c tests the version of the family it prints, meaning nlctrl's), so those are compared there.
 */
function asListed(f: GenlFamily): Listed {
  const bits = nlctrl.opFlagsValues as Record<string, number>;
  const mask = (flags: (string | number)[]) => flags.reduce<number>((m, flag) => m | (typeof flag === 'number' ? flag : bits[flag]!), 0);
  return {
    name: f.name,
    id: f.id,
    version: f.version,
    hdrsize: f.hdrsize,
    maxattr: f.maxattr,
    operations: f.operations.map((op) => [op.cmd, f.version >= 2 ? mask(op.flags) : 0]),
    groups: f.groups.map((g) => [g.name, g.id]),
  };
}

/** `genl ctrl policy` lines: "op 3 policies: do=0 dump=0", "policy[0]:attr[1]: type=U16 range:[0,65535]". */
function parseCtrlPolicy(text: string): { operations: Map<number, string>; attributes: Map<string, string> } {
  const operations = new Map<number, string>();
  const attributes = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/^ID: 0x[0-9a-f]+\s+/, '');
    let m: RegExpExecArray | null;
    if ((m = /^op (\d+) policies:(.*)$/.exec(line))) operations.set(Number(m[1]), m[2]!.trim());
    else if ((m = /^policy\[(\d+)\]:attr\[(\d+)\]: (.*)$/.exec(line))) attributes.set(`${m[1]}/${m[2]}`, m[3]!.trim());
  }
  return { operations, attributes };
}

/** linx's policy in `genl ctrl policy`'s words (types genl does not know it prints as "unknown"). */
function asCtrlPolicy(policy: FamilyPolicy, known: (type: string) => boolean) {
  const operations = new Map<number, string>();
  for (const [cmd, op] of policy.operations) operations.set(cmd, [op.do !== undefined ? `do=${op.do}` : '', op.dump !== undefined ? `dump=${op.dump}` : ''].filter(Boolean).join(' '));
  const attributes = new Map<string, string>();
  for (const [index, attrs] of policy.policies) {
    for (const [id, p] of attrs) {
      const type = String(p.type).toUpperCase().replace(/-/g, '_');
      const parts = [`type=${known(type) ? type : 'unknown'}`];
      if (p.minValue !== undefined && p.maxValue !== undefined) parts.push(`range:[${p.minValue},${p.maxValue}]`);
      if (p.minLength !== undefined) parts.push(`min len:${p.minLength}`);
      if (p.maxLength !== undefined) parts.push(`max len:${p.maxLength}`);
      if (p.policy !== undefined && p.maxtype !== undefined) parts.push(`policy:${p.policy} maxattr:${p.maxtype}`);
      attributes.set(`${index}/${id}`, parts.join(' '));
    }
  }
  return { operations, attributes };
}

/** The NETLINK_GENERIC sockets of the namespace from /proc/net/netlink read inside it: port id → groups mask. */
function genericSockets(ns: TestNetns): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of ns.exec(['cat', '/proc/net/netlink']).split('\n').slice(1)) {
    const [, protocol, pid, groups] = line.trim().split(/\s+/);
    if (protocol === '16' && pid !== '0') out.set(Number(pid), Number.parseInt(groups!, 16));
  }
  return out;
}

describe.skipIf(skip !== undefined)(`generic netlink families on the live kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ns: TestNetns;
  let genl: Genl;

  beforeAll(() => {
    ns = createTestNetns('linx-test-genl');
    genl = open({ netns: ns.name });
  });
  afterAll(() => {
    genl?.close();
    ns?.remove();
  });

  it("the handle's sockets are in the namespace; the first lookup joins nlctrl's notify group there; close() closes both", async () => {
    const own = open({ netns: ns.name });
    const before = genericSockets(ns);
    expect(before.get(own.connection.portId)).toBe(0);
    const notify = await own.groupId('nlctrl', 'notify');
    // /proc/net/netlink's Groups column: bit g - 1 for group g (of the first 32).
    const joined = [...genericSockets(ns)].filter(([pid, groups]) => !before.has(pid) || groups !== before.get(pid));
    expect(joined).toEqual([[expect.any(Number), 1 << (notify - 1)]]);
    expect(joined[0]![0]).not.toBe(own.connection.portId);
    own.close();
    const after = genericSockets(ns);
    expect(after.has(own.connection.portId)).toBe(false);
    expect(after.has(joined[0]![0])).toBe(false);
  });

  it('families() lists what `genl ctrl list` lists: names, ids, versions, header sizes, max attributes, commands with their capabilities, multicast groups', async () => {
    const listed = parseCtrlList(ns.exec(['genl', 'ctrl', 'list']));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.map((f) => f.name)).toContain('nlctrl');
    const families = await genl.families();
    expect(families.map(asListed)).toEqual(listed);
    // (What genl leaves out: every command of every family says whether it can do, dump, or both.)
    for (const f of families) for (const op of f.operations) expect(op.flags.some((flag) => flag === 'cmd-cap-do' || flag === 'cmd-cap-dump'), `${f.name} command ${op.cmd}`).toBe(true);
  });

  it('family(name) resolves every family as nlctrl describes it, and answers from the cache the second time', async () => {
    const families = await genl.families();
    for (const listed of families) {
      const family = await genl.family(listed.name);
      expect(family).toEqual(listed);
      expect(await genl.family(listed.name)).toBe(family);
    }
    const ctrl = await genl.family('nlctrl');
    expect(ctrl.id).toBe(0x10);
    expect(ctrl.groups).toEqual([{ name: 'notify', id: await genl.groupId('nlctrl', 'notify') }]);
    expect(ctrl.operations.find((op) => op.cmd === nlctrl.requestCommandValues.getfamily)?.flags).toEqual(expect.arrayContaining(['cmd-cap-do', 'cmd-cap-dump']));
  });

  it('an unknown family is a FamilyNotFoundError naming it; an unknown group a GroupNotFoundError; a bad name an InvalidArgumentError', async () => {
    const error = await genl.family('linx-no-such').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FamilyNotFoundError);
    expect(error).toMatchObject({ code: 'ERR_LINX_GENL_FAMILY_NOT_FOUND', family: 'linx-no-such' });
    await expect(genl.policy('linx-no-such')).rejects.toMatchObject({ code: 'ERR_LINX_GENL_FAMILY_NOT_FOUND', family: 'linx-no-such' });
    await expect(genl.groupId('nlctrl', 'nope')).rejects.toBeInstanceOf(GroupNotFoundError);
    await expect(genl.family('')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("every family's policies are what `genl ctrl policy` prints", async () => {
    const known = (type: string) => ['FLAG', 'U8', 'U16', 'U32', 'U64', 'S8', 'S16', 'S32', 'S64', 'BINARY', 'STRING', 'NUL_STRING', 'NESTED', 'NESTED_ARRAY', 'BITFIELD32'].includes(type);
    let compared = 0;
    for (const family of await genl.families()) {
      const printed = parseCtrlPolicy(ns.exec(['genl', 'ctrl', 'policy', 'name', family.name]));
      const policy = await genl.policy(family.name);
      if (policy.policies.size > 0) expect(policy.id).toBe(family.id);
      const mine = asCtrlPolicy(policy, known);
      expect({ family: family.name, ...mine }).toEqual({ family: family.name, ...printed });
      compared += printed.attributes.size;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('policy(name, { op }) gives one command\'s policy only', async () => {
    const all = await genl.policy('nlctrl');
    const one = await genl.policy('nlctrl', { op: nlctrl.requestCommandValues.getfamily });
    expect([...one.operations.keys()]).toEqual([nlctrl.requestCommandValues.getfamily]);
    const index = one.operations.get(nlctrl.requestCommandValues.getfamily)!.do!;
    expect(one.policies.get(index)).toEqual(all.policies.get(all.operations.get(nlctrl.requestCommandValues.getfamily)!.do!));
    // CTRL_ATTR_FAMILY_NAME: a NUL-terminated string of at most GENL_NAMSIZ - 1 bytes.
    expect(one.policies.get(index)!.get(nlctrl.ctrlAttrs.attributes.familyName.id)).toEqual({ type: 'nul-string', maxLength: 15 });
  });
});
