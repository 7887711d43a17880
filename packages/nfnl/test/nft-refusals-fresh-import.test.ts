// A rule's expressions are given as data (`{ name: 'ct', data: { key: 'mark', dreg: 1 } }`), so a wrong
// attribute or value is the caller's to find: the refusal, before anything is sent, must say which
// expression it was in. Checked for every expression linx declares, on a freshly imported package (the
// declarations are module-level values; see nft-oracles-fresh-import.test.ts for why fresh).
import { compileMessage } from '@linx/netlink-codec';
import { beforeEach, describe, expect, it, vi } from 'vitest';

beforeEach(() => {
  vi.resetModules();
});

type Decl = { name?: string; attributes: Record<string, { type: { kind: string; name?: string } }> };

type Refusal = Error & { code?: string; path?: unknown[] };
/** The error encoding an operation throws (the verbs encode the batch before sending it). */
function refusalOf(op: { decl: unknown; value: unknown }): Refusal {
  try {
    compileMessage(op.decl as never).encode(op.value as never);
  } catch (error) {
    return error as Refusal;
  }
  throw new Error(`${JSON.stringify(op.value, (_, v) => (typeof v === 'bigint' ? String(v) : v))} was encoded`);
}

/** The refusal of a rule of these expressions. */
async function refusal(expressions: unknown[]): Promise<Refusal> {
  const { nft } = await import('../src/index.js');
  return refusalOf(nft.ruleOps.add({ family: 'inet', table: 't', chain: 'c', expressions: expressions as never }));
}

// The expressions the kernel names with an underscore or that share their attributes with an object
// (synproxy), or that the generated spec declares (tproxy, flow_offload), named as their attribute set is.
const SET_NAMED_OTHERWISE: Record<string, string> = { synproxy: 'synproxy', tproxy: 'tproxy', flow_offload: 'flow-offload' };

describe('an expression given wrong data is refused naming the expression', () => {
  it('an attribute it does not have: "unknown attribute … in" its attribute set', async () => {
    const { nft } = await import('../src/index.js');
    const names = Object.keys(nft.expr.exprFormats);
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) {
      const error = await refusal([{ name, data: { notAnAttribute: 1 } }]);
      expect(error.code, name).toBe('ERR_LINX_INVALID');
      expect(error.path, name).toEqual(['expressions', 'elem', 0, 'data']);
      expect(error.message, name).toMatch(new RegExp(`unknown attribute "notAnAttribute" in \\S*\\b${SET_NAMED_OTHERWISE[name] ?? name}\\b`));
    }
  });

  it('a name its enums and flags do not have: "unknown <expression>-… name"', async () => {
    const { nft } = await import('../src/index.js');
    const formats = nft.expr.exprFormats as unknown as Record<string, { attrs: Decl | (() => Decl) }>;
    let checked = 0;
    for (const [name, { attrs }] of Object.entries(formats)) {
      const decl = typeof attrs === 'function' ? attrs() : attrs;
      for (const [attribute, { type }] of Object.entries(decl.attributes)) {
        if (type.kind !== 'enum' && type.kind !== 'flags') continue;
        const value = type.kind === 'flags' ? ['not-a-name'] : 'not-a-name';
        const error = await refusal([{ name, data: { [attribute]: value } }]);
        expect(error.path, `${name} ${attribute}`).toEqual(['expressions', 'elem', 0, 'data', attribute]);
        // The enums of nat (also masq's and redir's flags) and objref's object type are named for what they hold.
        const owner = { 'nat-range-flags': 'nat-range', nfproto: 'nfproto', 'object-type': 'object-type' }[type.name!] ?? name;
        expect(error.message, `${name} ${attribute}`).toMatch(new RegExp(`unknown ${owner}[a-z-]* name "not-a-name"`));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
});

describe("a stateful object given wrong data is refused naming the object's type", () => {
  it('an attribute it does not have: "unknown attribute … in" its attribute set', async () => {
    const { nft } = await import('../src/index.js');
    // Every NFT_OBJECT_* type linx declares the data of (NFTA_OBJ_DATA, linux/netfilter/nf_tables.h).
    for (const type of ['counter', 'quota', 'limit', 'connlimit', 'ct-helper', 'secmark', 'ct-timeout', 'ct-expect', 'synproxy'] as const) {
      const error = refusalOf(nft.objectOps.add({ family: 'inet', table: 't', name: 'o', type, data: { notAnAttribute: 1 } as never }));
      expect(error.code, type).toBe('ERR_LINX_INVALID');
      expect(error.path, type).toEqual(['data']);
      expect(error.message, type).toMatch(new RegExp(`unknown attribute "notAnAttribute" in \\S*\\b${type}\\b`));
    }
  });
});

describe("a verb given a value its field does not have is refused naming the field's kind", () => {
  // Values a caller writes as names (linux/netfilter/nf_tables.h's enums and flags): a wrong one must say
  // which kind of value was wrong, not only where (the path), in the words of the attribute it is for
  // (NFTA_CHAIN_POLICY, NFTA_SET_POLICY, NFTA_SET_OBJ_TYPE / NFTA_OBJ_TYPE, NFTA_SET_ELEM_FLAGS,
  // NFTA_FLOWTABLE_FLAGS, NFTA_VERDICT_CODE; NFTA_DATA_* and NFTA_VERDICT_* for the attribute sets).
  it('chain policy, set policy and object type, element and flowtable flags, verdict codes', async () => {
    const { nft } = await import('../src/index.js');
    const at = { family: 'inet', table: 't' } as const;
    const cases: [string, { decl: unknown; value: unknown }, RegExp][] = [
      ['chain policy', nft.chainOps.add({ ...at, name: 'c', type: 'filter', hook: 'input', priority: 0, policy: 'bogus' as never }), /unknown chain.policy name "bogus"/],
      ['set policy', nft.setOps.add({ ...at, name: 's', keyType: 'ipv4_addr', policy: 'bogus' as never }), /unknown set.policy name "bogus"/],
      ['object map type', nft.setOps.add({ ...at, name: 's', keyType: 'ipv4_addr', objType: 'bogus' as never }), /unknown object.type name "bogus"/],
      ['object type', nft.objectOps.add({ ...at, name: 'o', type: 'bogus' as never, data: {} as never }), /unknown object.type name "bogus"/],
      ['element flags', nft.elementOps.add({ ...at, set: 's' }, [{ key: new Uint8Array(4), flags: ['bogus' as never] }]), /unknown set.elem.flags name "bogus"/],
      ['flowtable flags', nft.flowtableOps.add({ ...at, name: 'f', devices: ['lo'], flags: ['bogus' as never] }), /unknown flowtable.flags name "bogus"/],
      ['verdict code', nft.ruleOps.add({ ...at, chain: 'c', expressions: [{ name: 'immediate', data: { dreg: 0, data: { verdict: { code: 'bogus' as never } } } }] }), /unknown verdict.code name "bogus"/],
      ['register data', nft.ruleOps.add({ ...at, chain: 'c', expressions: [{ name: 'immediate', data: { dreg: 0, data: { bogus: 1 } as never } }] }), /unknown attribute "bogus" in data\b/],
      ['verdict', nft.ruleOps.add({ ...at, chain: 'c', expressions: [{ name: 'immediate', data: { dreg: 0, data: { verdict: { bogus: 1 } as never } } }] }), /unknown attribute "bogus" in verdict\b/],
    ];
    for (const [what, op, message] of cases) {
      const error = refusalOf(op);
      expect(error.code, what).toBe('ERR_LINX_INVALID');
      expect(error.message, what).toMatch(message);
    }
  });
});

describe('names and values longer than the kernel takes are refused before sending', () => {
  // linux/netfilter/nf_tables.h: NFT_CHAIN_MAXNAMELEN, NFT_SET_MAXNAMELEN and NFT_OBJ_MAXNAMELEN are 256
  // (NUL included: 255 characters), NFT_DATA_VALUE_MAXLEN 64 bytes, NFT_SECMARK_CTX_MAXLEN 4096;
  // linux/netfilter/nf_log.h: NF_LOG_PREFIXLEN 128; a ct helper's name, NF_CT_HELPER_NAME_LEN 16 with its NUL
  // (nft_ct_helper_policy; nft 1.0.6 refuses a 16-character type: "invalid name …, max length is 16").
  it('a verdict chain, a looked-up, updated or referenced set, an object reference, a value, a log prefix, a secmark context, a ct helper', async () => {
    const { nft } = await import('../src/index.js');
    const at = { family: 'inet', table: 't' } as const;
    const rule = (expression: unknown) => nft.ruleOps.add({ ...at, chain: 'c', expressions: [expression as never] });
    const name = (n: number) => 'n'.repeat(n);
    const cases: [string, (n: number) => { decl: unknown; value: unknown }, number][] = [
      ['jump chain', (n) => rule({ name: 'immediate', data: { dreg: 0, data: { verdict: { code: 'jump', chain: name(n) } } } }), 255],
      ['lookup set', (n) => rule({ name: 'lookup', data: { set: name(n), sreg: 1 } }), 255],
      ['dynset set', (n) => rule({ name: 'dynset', data: { setName: name(n), op: 'add', sregKey: 1 } }), 255],
      ['objref object', (n) => rule({ name: 'objref', data: { immType: 'counter', immName: name(n) } }), 255],
      ['objref map', (n) => rule({ name: 'objref', data: { setSreg: 1, setName: name(n) } }), 255],
      ['cmp value', (n) => rule({ name: 'cmp', data: { sreg: 1, op: 'eq', data: { value: new Uint8Array(n) } } }), 64],
      ['log prefix', (n) => rule({ name: 'log', data: { prefix: name(n) } }), 127],
      ['secmark context', (n) => nft.objectOps.add({ ...at, name: 'o', type: 'secmark', data: { ctx: name(n) } }), 4095],
      ['ct helper type', (n) => nft.objectOps.add({ ...at, name: 'o', type: 'ct-helper', data: { name: name(n), l3proto: 2, l4proto: 6 } }), 15],
    ];
    for (const [what, op, longest] of cases) {
      expect(() => compileMessage(op(longest).decl as never).encode(op(longest).value as never), what).not.toThrow();
      const error = refusalOf(op(longest + 1));
      expect(error.code, what).toBe('ERR_LINX_INVALID');
    }
  });
});

describe('message types in a fresh import', () => {
  it('nftMsgValues: each request and notification by its NFT_MSG_* number, replies left out', async () => {
    const { nft } = await import('../src/index.js');
    // enum nf_tables_msg_types (linux/netfilter/nf_tables.h): 0-24 since Linux 4.16, GETRULE_RESET (25)
    // and the DESTROY* (26-32) and GETSETELEM_RESET (33) since 6.3-6.6.
    expect(nft.messages.nftMsgValues).toEqual({
      newtable: 0, gettable: 1, deltable: 2, newchain: 3, getchain: 4, delchain: 5, newrule: 6, getrule: 7, delrule: 8,
      newset: 9, getset: 10, delset: 11, newsetelem: 12, getsetelem: 13, delsetelem: 14, newgen: 15, getgen: 16, trace: 17,
      newobj: 18, getobj: 19, delobj: 20, getobjReset: 21, newflowtable: 22, getflowtable: 23, delflowtable: 24,
      getruleReset: 25, destroytable: 26, destroychain: 27, destroyrule: 28, destroyset: 29, destroysetelem: 30,
      destroyobj: 31, destroyflowtable: 32, getsetelemReset: 33,
    });
  });

  it('an expression linx does not declare keeps its data as bytes under raw, both ways', async () => {
    const { nft } = await import('../src/index.js');
    const codec = compileMessage(nft.messages.ruleMessage);
    // iptables-nft's xt `match` (NFTA_MATCH_NAME "comment", NFTA_MATCH_REV 0, NFTA_MATCH_INFO): any bytes do.
    const raw = Uint8Array.of(12, 0, 1, 0, 99, 111, 109, 109, 101, 110, 116, 0);
    const op = nft.ruleOps.add({ family: 'ip', table: 't', chain: 'c', expressions: [{ name: 'match', raw }] });
    const decoded = codec.decode(codec.encode(op.value as never)) as { attrs: { expressions: { elem: unknown[] } } };
    expect(decoded.attrs.expressions.elem).toEqual([{ name: 'match', raw }]);
  });
});

describe('a message built by hand with an attribute its kind does not have is refused naming the kind', () => {
  // The verbs build these from named fields; `nft.messages` is public for callers who build their own.
  it('tables, chains, rules, sets and their descriptions, elements, objects, flowtables and their hooks', async () => {
    const { nft } = await import('../src/index.js');
    const m = nft.messages;
    const header = { family: 'inet' };
    const cases: [unknown, Record<string, unknown>, RegExp][] = [
      [m.tableMessage, { bogus: 1 }, /in table\b/],
      [m.chainMessage, { bogus: 1 }, /in chain\b/],
      [m.ruleMessage, { bogus: 1 }, /in rule\b/],
      [m.setMessage, { bogus: 1 }, /in set\b/],
      [m.setMessage, { desc: { bogus: 1 } }, /in set.desc\b/],
      [m.setMessage, { desc: { concat: { bogus: 1 } } }, /in set.desc.concat\b/],
      [m.setElemListMessage, { bogus: 1 }, /in setelem.list\b/],
      [m.setElemListMessage, { elements: { bogus: 1 } }, /in setelem.list.elem\b/],
      [m.setElemListMessage, { elements: { elem: [{ bogus: 1 }] } }, /in setelem\b/],
      [m.objMessage, { bogus: 1 }, /in obj\b/],
      [m.objMessage, { type: 'ct-helper', data: { bogus: 1 } }, /in ct.helper\b/],
      [m.objMessage, { type: 'secmark', data: { bogus: 1 } }, /in secmark\b/],
      [m.flowtableMessage, { bogus: 1 }, /in flowtable\b/],
      [m.flowtableMessage, { hook: { bogus: 1 } }, /in flowtable.hook\b/],
    ];
    for (const [decl, attrs, message] of cases) {
      const error = refusalOf({ decl, value: { header, attrs } });
      expect(error.code, String(message)).toBe('ERR_LINX_INVALID');
      expect(error.message, String(message)).toMatch(message);
    }
  });
});
