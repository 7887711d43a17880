// What this kernel lacks (flowtables: CONFIG_NF_FLOW_TABLE; the queue expression: CONFIG_NFT_QUEUE; secmark
// objects: CONFIG_NETWORK_SECMARK), with
// nft itself as the oracle all the same: nft runs against a fake nfnetlink kernel (helpers/fake-nft-tool.ts,
// an LD_PRELOAD shim, in a throwaway `unshare -n` namespace). (1) nft adds the corpus: what it sends is
// recorded, and linx compiles the same rule text (and RuleBuilder) to the very same expression bytes. (2)
// The listing a kernel would send back is built from linux/netfilter/nf_tables.h's layout with the wire
// layer (not linx's declarations): the table, the flowtables (as nf_tables_fill_flowtable_info writes
// them), the chain, and nft's own NEWRULE messages with a handle. nft lists them (`nft list ruleset`,
// `nft -j list ruleset`); linx reads the same messages through its verbs and must print and write the
// same. What this does not show: that a kernel with flowtables lists them exactly so (the layout is the
// header's and the kernel source's, checked by nft's reading of it, not by a kernel).
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { AttributeEncoder, iterateAttributes, type MessageInit } from '@linx/netlink-wire';
import { nft } from './helpers/imports.js';
import { fakeNftSkipReason, runFakeNft } from './helpers/fake-nft-tool.js';
import { genPayload } from './helpers/fake-nft.js';
import { readReplayed } from './helpers/kernel-replay.js';

const skip = fakeNftSkipReason();
const NFPROTO_INET = 1;
const types = {
  newgen: nft.messages.genMessage.types.newgen,
  newtable: nft.messages.tableMessage.types.newtable!,
  newchain: nft.messages.chainMessage.types.newchain!,
  newrule: nft.messages.ruleMessage.types.newrule!,
  newflowtable: nft.messages.flowtableMessage.types.newflowtable!,
  newobj: nft.messages.objMessage.types.newobj!,
};

/** nfgenmsg (family, version 0, res_id 0) then the attributes. */
function nfnlPayload(family: number, build: (a: AttributeEncoder) => void): Uint8Array {
  const a = new AttributeEncoder();
  build(a);
  const attrs = a.finish();
  const out = new Uint8Array(4 + attrs.length);
  out[0] = family;
  out.set(attrs, 4);
  return out;
}

// NFTA_* numbers of linux/netfilter/nf_tables.h.
const NFTA_TABLE_NAME = 1, NFTA_TABLE_FLAGS = 2, NFTA_TABLE_USE = 3, NFTA_TABLE_HANDLE = 4;
const NFTA_CHAIN_TABLE = 1, NFTA_CHAIN_HANDLE = 2, NFTA_CHAIN_NAME = 3, NFTA_CHAIN_USE = 6;
const NFTA_RULE_HANDLE = 3, NFTA_RULE_EXPRESSIONS = 4;
const NFTA_FLOWTABLE_TABLE = 1, NFTA_FLOWTABLE_NAME = 2, NFTA_FLOWTABLE_HOOK = 3, NFTA_FLOWTABLE_USE = 4, NFTA_FLOWTABLE_HANDLE = 5, NFTA_FLOWTABLE_FLAGS = 7;
const NFTA_FLOWTABLE_HOOK_NUM = 1, NFTA_FLOWTABLE_HOOK_PRIORITY = 2, NFTA_FLOWTABLE_HOOK_DEVS = 3, NFTA_DEVICE_NAME = 1;
const NF_NETDEV_INGRESS = 0, NFT_FLOWTABLE_HW_OFFLOAD = 1, NFT_FLOWTABLE_COUNTER = 2;

interface FlowtableDecl {
  name: string;
  priority: number;
  devices: string[];
  flags: number;
  /** As nft is told to make it. */
  text: string;
}
const FLOWTABLES: FlowtableDecl[] = [
  { name: 'ft', priority: 0, devices: ['lo'], flags: 0, text: 'hook ingress priority 0; devices = { lo };' },
  // nft sends the devices last first (as the kernel then keeps and lists them).
  { name: 'f2', priority: 5, devices: ['veth0', 'lo'], flags: NFT_FLOWTABLE_COUNTER | NFT_FLOWTABLE_HW_OFFLOAD, text: 'hook ingress priority filter + 5; devices = { lo, veth0 }; counter; flags offload;' },
  { name: 'f3', priority: -30, devices: [], flags: NFT_FLOWTABLE_COUNTER, text: 'hook ingress priority -30; counter;' },
  { name: 'f4', priority: 100, devices: ['a0', 'c0', 'b0'], flags: 0, text: 'hook ingress priority 100; devices = { b0, c0, a0 };' },
];

/** A flowtable as nf_tables_fill_flowtable_info (net/netfilter/nf_tables_api.c) lists it: nests without NLA_F_NESTED. */
function listedFlowtable(f: FlowtableDecl, handle: number, use: number): Uint8Array {
  return nfnlPayload(NFPROTO_INET, (a) =>
    a
      .string(NFTA_FLOWTABLE_TABLE, 't')
      .string(NFTA_FLOWTABLE_NAME, f.name)
      .be32(NFTA_FLOWTABLE_USE, use)
      .be64(NFTA_FLOWTABLE_HANDLE, handle)
      .be32(NFTA_FLOWTABLE_FLAGS, f.flags)
      .nested(
        NFTA_FLOWTABLE_HOOK,
        (h) => {
          h.be32(NFTA_FLOWTABLE_HOOK_NUM, NF_NETDEV_INGRESS).be32(NFTA_FLOWTABLE_HOOK_PRIORITY, f.priority >>> 0);
          h.nested(NFTA_FLOWTABLE_HOOK_DEVS, (d) => f.devices.forEach((dev) => d.string(NFTA_DEVICE_NAME, dev)), { nested: false });
        },
        { nested: false },
      ),
  );
}

/** Rules nft can make but this kernel cannot hold (no flowtables, no queue expression). */
const RULES = [
  'flow add @ft',
  'ip protocol tcp flow add @f2',
  'meta l4proto udp flow add @ft counter',
  'queue',
  'queue num 3',
  'queue num 3 bypass',
  'queue num 1-3 fanout',
  'queue flags bypass,fanout num 2-5',
  'tcp dport 22 queue num 7 bypass',
];
/** Rules linx prints but does not compile (a queue number from an expression). */
const PRINTED_ONLY = ['queue to symhash mod 2', 'queue flags bypass to numgen inc mod 4'];

/** nft's own NEWRULE with the handle a kernel would give it (NFTA_RULE_HANDLE appended). */
function withRuleHandle(payload: Uint8Array, handle: number): Uint8Array {
  const out = new Uint8Array(payload.length + 12);
  out.set(payload);
  out.set(new AttributeEncoder().be64(NFTA_RULE_HANDLE, handle).finish(), payload.length);
  return out;
}

/** The queue and flow_offload expressions (NFTA_LIST_ELEM) in an NFTA_RULE_EXPRESSIONS payload, bytes as sent. */
function newExpressions(list: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const elem of iterateAttributes(list)) {
    for (const a of iterateAttributes(elem.payload)) {
      const name = a.type === 1 ? new TextDecoder().decode(a.payload).replace(/\0+$/, '') : '';
      if (name === 'queue' || name === 'flow_offload') out.push(elem.payload);
    }
  }
  return out;
}

/** The NFTA_RULE_EXPRESSIONS attribute of a NEWRULE payload, bytes as sent. */
function expressionsAttr(payload: Uint8Array): Uint8Array {
  for (const a of iterateAttributes(payload, 4)) if (a.type === NFTA_RULE_EXPRESSIONS) return a.payload;
  throw new Error('a NEWRULE without expressions');
}

describe.skipIf(skip !== undefined)(`flowtables, flow add and queue against nft, without kernel support${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const commands = ['add table inet t', ...FLOWTABLES.map((f) => `add flowtable inet t ${f.name} { ${f.text} }`), 'add chain inet t c', ...[...RULES, ...PRINTED_ONLY].map((r) => `add rule inet t c ${r}`)].join('\n');
  const added = runFakeNft([commands.replaceAll('\n', '; ')]);
  const sentRules = added.sent.filter((m) => m.type === types.newrule).map((m) => m.payload);
  const sentFlowtables = added.sent.filter((m) => m.type === types.newflowtable).map((m) => m.payload);

  it('nft takes the corpus', () => {
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(sentRules).toHaveLength(RULES.length + PRINTED_ONLY.length);
    expect(sentFlowtables).toHaveLength(FLOWTABLES.length);
  });

  it('each rule compiles from its text to the expressions nft sends; the queue and flow_offload ones byte for byte', () => {
    const codec = compileMessage(nft.messages.ruleMessage);
    const decoded = (payload: Uint8Array) => (codec.decode(payload) as { attrs: { expressions?: unknown } }).attrs.expressions;
    RULES.forEach((text, i) => {
      const ours = codec.encode({ header: { family: 'inet' }, attrs: { table: 't', chain: 'c', expressions: { elem: nft.compileRule(text, { family: 'inet', table: 't' }).expressions } } } as never);
      // (libnftnl writes some other expressions' attributes in another order than linx: those are compared decoded.)
      expect(decoded(ours), text).toEqual(decoded(sentRules[i]!));
      const tested = (payload: Uint8Array) => newExpressions(expressionsAttr(payload)).map((b) => Buffer.from(b).toString('hex'));
      expect(tested(ours), text).toEqual(tested(sentRules[i]!));
      expect(tested(ours).length, text).toBeGreaterThan(0);
    });
  });

  it('RuleBuilder writes the same rules', () => {
    const built = [
      new nft.RuleBuilder().flowAdd('ft'),
      new nft.RuleBuilder().queue(),
      new nft.RuleBuilder().queue({ num: 3, bypass: true }),
      new nft.RuleBuilder().queue({ num: [1, 3], fanout: true }),
      new nft.RuleBuilder().queue({ num: [2, 5], bypass: true, fanout: true }),
      new nft.RuleBuilder().match('tcp dport', 22).queue({ num: 7, bypass: true }),
    ];
    const texts = ['flow add @ft', 'queue', 'queue num 3 bypass', 'queue num 1-3 fanout', 'queue flags bypass,fanout num 2-5', 'tcp dport 22 queue num 7 bypass'];
    built.forEach((b, i) => expect(nft.compileRule(String(b), { family: 'inet', table: 't' }).expressions, texts[i]).toEqual(nft.compileRule(texts[i]!, { family: 'inet', table: 't' }).expressions));
  });

  it("nft's flowtable requests decode as linx's flowtables", () => {
    const codec = compileMessage(nft.messages.flowtableMessage);
    FLOWTABLES.forEach((f, i) => {
      const { attrs } = codec.decode(sentFlowtables[i]!) as { attrs: Record<string, any> };
      expect(attrs, f.name).toMatchObject({ table: 't', name: f.name, hook: { num: NF_NETDEV_INGRESS, priority: f.priority } });
      expect(attrs.hook.devs?.name ?? [], f.name).toEqual(f.devices);
    });
  });

  describe('the listing a kernel would send: nft and linx print and write it alike', () => {
    const replies: MessageInit[] = [
      { type: types.newgen, payload: genPayload(7) },
      { type: types.newtable, payload: nfnlPayload(NFPROTO_INET, (a) => a.string(NFTA_TABLE_NAME, 't').be32(NFTA_TABLE_FLAGS, 0).be32(NFTA_TABLE_USE, 1 + FLOWTABLES.length).be64(NFTA_TABLE_HANDLE, 1)) },
      ...FLOWTABLES.map((f, i) => ({ type: types.newflowtable, payload: listedFlowtable(f, 2 + i, i === 0 ? 2 : 1) })),
      { type: types.newchain, payload: nfnlPayload(NFPROTO_INET, (a) => a.string(NFTA_CHAIN_TABLE, 't').be64(NFTA_CHAIN_HANDLE, 1).string(NFTA_CHAIN_NAME, 'c').be32(NFTA_CHAIN_USE, sentRules.length)) },
      // nft's own NEWRULE messages with the handle the kernel would give them.
      ...sentRules.map((payload, i) => ({ type: types.newrule, payload: withRuleHandle(payload, 10 + i) })),
    ];
    const text = runFakeNft(['list', 'ruleset'], replies);
    const json = runFakeNft(['-j', 'list', 'ruleset'], replies);
    const read = () => readReplayed(replies.map((r) => ({ type: r.type, payload: r.payload! })));

    it('nft lists it', () => {
      expect(text.stderr).toBe('');
      expect(text.stdout).toContain('flowtable f2 {');
      expect(text.stdout).toContain('queue flags bypass to numgen inc mod 4');
    });

    it('rulesetText equals nft list ruleset', async () => {
      expect(nft.rulesetText(await read())).toBe(text.stdout);
    });

    it('rulesetJson equals nft -j list ruleset (metainfo aside)', async () => {
      const theirs = JSON.parse(json.stdout) as { nftables: Record<string, unknown>[] };
      const ours = nft.rulesetJson(await read());
      expect(JSON.stringify(ours.nftables.slice(1))).toBe(JSON.stringify(theirs.nftables.slice(1)));
    });

    it('linx reads the flowtables field by field', async () => {
      const ruleset = await read();
      expect(ruleset.flowtables).toEqual(
        FLOWTABLES.map((f, i) => expect.objectContaining({ family: 'inet', table: 't', name: f.name, handle: BigInt(2 + i), hook: 'ingress', priority: f.priority, ...(f.devices.length ? { devices: f.devices } : {}), flags: [...(f.flags & NFT_FLOWTABLE_HW_OFFLOAD ? ['hw-offload'] : []), ...(f.flags & NFT_FLOWTABLE_COUNTER ? ['counter'] : [])] })),
      );
    });
  });
});

const NFTA_OBJ_TABLE = 1, NFTA_OBJ_NAME = 2, NFTA_OBJ_TYPE = 3, NFTA_OBJ_DATA = 4, NFTA_OBJ_USE = 5, NFTA_OBJ_HANDLE = 6;
const NFT_OBJECT_SECMARK = 8, NFTA_SECMARK_CTX = 1;
const CONTEXT = 'system_u:object_r:ssh_server_packet_t:s0';
/** Rules naming objects: compiled to nft's bytes; the secmark one listed too. */
const OBJECT_RULES = ['meta secmark set "sm"', 'ct timeout set "cto"', 'ct expectation set "cex"', 'synproxy name "spx"', 'ct secmark set meta secmark'];

describe.skipIf(skip !== undefined)(`secmark objects and named-object rules against nft, without kernel support${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const commands = [
    'add table inet t',
    `add secmark inet t sm { "${CONTEXT}" }`,
    'add ct timeout inet t cto { protocol tcp; l3proto ip; policy = { established: 100 }; }',
    'add ct expectation inet t cex { protocol tcp; dport 21; timeout 1m; size 12; l3proto ip; }',
    'add synproxy inet t spx { mss 1460; wscale 7; }',
    'add chain inet t c',
    ...OBJECT_RULES.map((r) => `add rule inet t c ${r}`),
  ].join('; ');
  const added = runFakeNft([commands]);
  const sentRules = added.sent.filter((m) => m.type === types.newrule).map((m) => m.payload);

  it('each rule compiles from its text to the expressions nft sends', () => {
    expect(added.stderr).toBe('');
    expect(sentRules).toHaveLength(OBJECT_RULES.length);
    const codec = compileMessage(nft.messages.ruleMessage);
    // (libnftnl writes an object's name without its NUL, which the kernel reads either way (nla_strscpy);
    // linx writes it terminated: compared decoded.)
    const decoded = (payload: Uint8Array) => (codec.decode(payload) as { attrs: { expressions?: unknown } }).attrs.expressions;
    OBJECT_RULES.forEach((text, i) => {
      const ours = codec.encode({ header: { family: 'inet' }, attrs: { table: 't', chain: 'c', expressions: { elem: nft.compileRule(text, { family: 'inet', table: 't' }).expressions } } } as never);
      expect(decoded(ours), text).toEqual(decoded(sentRules[i]!));
    });
  });

  it('a secmark object and the rules, listed as a kernel lists them: nft and linx print and write them alike', async () => {
    // As nf_tables_fill_obj_info writes an object: table, name, type, handle, use, then the data (nft_secmark_obj_dump: the context NUL-terminated).
    const secmark = nfnlPayload(NFPROTO_INET, (a) =>
      a.string(NFTA_OBJ_TABLE, 't').string(NFTA_OBJ_NAME, 'sm').be32(NFTA_OBJ_TYPE, NFT_OBJECT_SECMARK).be64(NFTA_OBJ_HANDLE, 2).be32(NFTA_OBJ_USE, 1).nested(NFTA_OBJ_DATA, (d) => d.string(NFTA_SECMARK_CTX, CONTEXT), { nested: false }),
    );
    const replies: MessageInit[] = [
      { type: types.newgen, payload: genPayload(3) },
      { type: types.newtable, payload: nfnlPayload(NFPROTO_INET, (a) => a.string(NFTA_TABLE_NAME, 't').be32(NFTA_TABLE_FLAGS, 0).be32(NFTA_TABLE_USE, 2).be64(NFTA_TABLE_HANDLE, 1)) },
      { type: types.newobj, payload: secmark },
      { type: types.newchain, payload: nfnlPayload(NFPROTO_INET, (a) => a.string(NFTA_CHAIN_TABLE, 't').be64(NFTA_CHAIN_HANDLE, 1).string(NFTA_CHAIN_NAME, 'c').be32(NFTA_CHAIN_USE, sentRules.length)) },
      ...sentRules.map((payload, i) => ({ type: types.newrule, payload: withRuleHandle(payload, 10 + i) })),
    ];
    const ruleset = await readReplayed(replies.map((r) => ({ type: r.type, payload: r.payload! })));
    expect(ruleset.objects).toEqual([expect.objectContaining({ type: 'secmark', name: 'sm', data: { ctx: CONTEXT } })]);
    const text = runFakeNft(['list', 'ruleset'], replies);
    expect(text.stdout).toContain(`secmark sm {\n\t\t"${CONTEXT}"\n\t}`);
    expect(nft.rulesetText(ruleset)).toBe(text.stdout);
    const json = JSON.parse(runFakeNft(['-j', 'list', 'ruleset'], replies).stdout) as { nftables: unknown[] };
    expect(JSON.stringify(nft.rulesetJson(ruleset).nftables.slice(1))).toBe(JSON.stringify(json.nftables.slice(1)));
  });
});

