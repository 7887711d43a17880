// Without root: fixtures/ruleset-sets.json holds the replies the kernel sent to `nft list ruleset` and to
// `nft -j list ruleset` for SET_CORPUS (typeof sets and maps, interface-index sets, concatenated intervals,
// verdict maps, fwd and dup; test/helpers/set-corpus.ts), traced with strace in a test namespace with a
// veth pair, what nft printed each time, the namespace's interfaces, and the NEWSET payloads `nft -f` sent
// for TYPEOF_REQUESTS. A fake kernel answers linx's dumps with those replies; linx must print what nft
// printed, and send what nft sent. Rewritten by `LINX_UPDATE_FIXTURES=1 vitest run ruleset-sets.live`.
import { readFileSync } from 'node:fs';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { describe, expect, it } from 'vitest';
import { nft } from '../src/index.js';
import { readReplayed, repliesOf } from './helpers/kernel-replay.js';
import { newsetAttributes, TYPEOF_REQUESTS } from './helpers/set-corpus.js';
import { attributeConstants, uapiMismatches, uapiSkipReason, valueConstants } from './helpers/uapi-headers.js';

interface Traced {
  argv: string;
  stdout: string;
  replies: [number, string][];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/ruleset-sets.json', import.meta.url), 'utf8')) as {
  source: string;
  interfaces: [number, string][];
  text: Traced;
  json: Traced;
  requests: { command: string; payload: string }[];
};
const interfaces = new Map(fixture.interfaces);
// nft printed `meta hour` values in local time, which was UTC where the fixture was captured.
process.env.TZ = 'UTC';
type Json = Record<string, any>;

describe('typeof sets, interface sets, concatenated intervals, verdict maps, fwd and dup read from the bytes nft received', () => {
  it('print as nft list ruleset printed them', async () => {
    const ruleset = await readReplayed(repliesOf(fixture.text.replies));
    expect(nft.rulesetText(ruleset, { interfaces }).split('\n')).toEqual(fixture.text.stdout.split('\n'));
  });

  it('are, as JSON, what nft -j list ruleset wrote, object for object and key for key', async () => {
    const ours = nft.rulesetJson(await readReplayed(repliesOf(fixture.json.replies)), { interfaces }).nftables.slice(1);
    const theirs = (JSON.parse(fixture.json.stdout) as { nftables: Json[] }).nftables.slice(1);
    expect(ours.length).toBe(theirs.length);
    for (let i = 0; i < theirs.length; i++) expect(JSON.stringify(ours[i]), `object ${i}`).toBe(JSON.stringify(theirs[i]));
  });

  it("each kind nft prints differently is there: typeof, interface names, intervals of concatenations in the kernel's order, fwd and dup", () => {
    const listing = fixture.text.stdout;
    for (const line of ['typeof ip saddr . tcp dport', 'typeof iif . oif', 'typeof ct original ip saddr', 'typeof tcp option maxseg size', 'typeof udp dport : verdict', 'typeof ip saddr : iif', 'elements = { "lo", "va" }', 'fwd ip to 10.0.0.2 device "vb"', 'dup to 10.0.0.1 device "vb"', 'dup to "vb"']) {
      expect(listing).toContain(line);
    }
    // Not sorted: the order the intervals were added in, as the kernel lists them.
    expect(listing).toContain('elements = { 10.0.0.0/8 . 100-200,\n\t\t\t     10.0.0.0/8 . 1-20,');
  });

  it('without interface names, indexes print as numbers', async () => {
    const text = nft.rulesetText(await readReplayed(repliesOf(fixture.text.replies)));
    const index = (name: string) => fixture.interfaces.find(([, n]) => n === name)![0];
    expect(text).toContain(`fwd to ${index('vb')}\n`);
    expect(text).toContain(`elements = { 1, ${index('va')} }`);
  });
});

describe('sets declared by typeof, and verdict maps: what nft sends', () => {
  const sets = compileMessage(nft.messages.setMessage);
  it.each(TYPEOF_REQUESTS.map((r, i) => [r.command, i] as const))('%s', (command, i) => {
    const request = fixture.requests[i]!;
    expect(request.command).toBe(command);
    const id = sets.decode(Buffer.from(request.payload, 'hex')).attrs.id;
    const op = nft.setOps.add({ family: 'inet', table: 'rq', ...TYPEOF_REQUESTS[i]!.spec, id });
    expect(newsetAttributes(Buffer.from(sets.encode(op.value as never)).toString('hex'))).toEqual(newsetAttributes(request.payload));
  });

  it('a set given both keyType and typeof keeps the keyType; the typeof still goes in its user data', () => {
    const op = nft.setOps.add({ family: 'inet', table: 't', name: 's', keyType: 'integer', keyLen: 4, typeof: 'meta mark', id: 1 });
    const attrs = (op.value as { attrs: Record<string, any> }).attrs;
    expect(attrs.keyType).toBe(nft.datatypeId('integer'));
    expect(nft.parseUserdata(attrs.userdata)!.map((i) => i.type)).toEqual([0, 3]);
  });

  it('what linx cannot declare a set by is refused before anything is sent, naming the argument', () => {
    const add = (spec: Partial<nft.SetSpec>) => () => nft.setOps.add({ family: 'inet', table: 't', name: 's', ...spec });
    for (const [spec, argument] of [
      [{ typeof: 'ip nosuchfield' }, 'typeof'],
      [{ typeof: 'meta nosuchkey' }, 'typeof'],
      [{ typeof: 'ct nosuchkey' }, 'typeof'],
      [{ typeof: 'numgen inc mod 2' }, 'typeof'],
      [{ typeof: 'ip saddr . bogus' }, 'typeof'],
      [{ typeof: ' . ' }, 'typeof'],
      [{ typeof: 'ip saddr', dataTypeof: 'nothing here' }, 'dataTypeof'],
      [{}, 'keyType'],
    ] as const) {
      expect(add(spec), JSON.stringify(spec)).toThrow(InvalidArgumentError);
      expect(add(spec)).toThrow(expect.objectContaining({ argument }));
    }
  });
});

const HEADERS = ['linux/netfilter/nf_tables.h'];
const skip = uapiSkipReason(HEADERS);
describe.skipIf(skip !== undefined)(`dup, fwd, osf and xfrm declared as linux/netfilter/nf_tables.h numbers them, by gcc${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it("every attribute number and key is the header's", () => {
    const all = [
      ...attributeConstants(nft.expr.dupAttrs, 'NFTA_DUP_'),
      ...attributeConstants(nft.expr.fwdAttrs, 'NFTA_FWD_'),
      ...attributeConstants(nft.expr.osfAttrs, 'NFTA_OSF_'),
      ...attributeConstants(nft.expr.xfrmAttrs, 'NFTA_XFRM_'),
      ['NFT_OSF_F_VERSION', nft.expr.osfFlagsValues.version] as [string, number],
      ...valueConstants(nft.expr.xfrmKeysValues, 'NFT_XFRM_KEY_'),
    ];
    expect(all.length).toBe(20);
    const { failures, status, stderr } = uapiMismatches(HEADERS, all);
    expect(failures).toEqual([]);
    expect(status, stderr).toBe(0);
  });
});

describe('a right shift linx reads back only as nft writes it', () => {
  it('of a narrow field masked into place, by its offset (ip dscp @s, as above); of anything else, UnrenderableRuleError', () => {
    const shift = (by: number) => ({ name: 'bitwise', data: { sreg: 1, dreg: 1, op: 'rshift', len: 4, data: { value: nft.value.u32(by) } } });
    const rule = (expressions: unknown[]) => ({ family: 'inet' as const, table: 't', chain: 'c', expressions }) as never;
    const mark = { name: 'meta', data: { key: 'mark', dreg: 1 } };
    expect(() => nft.ruleStatements(rule([mark, shift(2)]))).toThrow(expect.objectContaining({ code: 'ERR_LINX_NFT_UNRENDERABLE', index: 1, expression: 'bitwise' }));
    // ip dscp: the byte at offset 1, masked with 0xfc, is the field shifted left by 2; shifted by 1 it is not the field.
    const dscp = [
      { name: 'meta', data: { key: 'nfproto', dreg: 1 } },
      { name: 'cmp', data: { sreg: 1, op: 'eq', data: { value: nft.value.u8(2) } } },
      { name: 'payload', data: { dreg: 1, base: 'network', offset: 1, len: 1 } },
      { name: 'bitwise', data: { sreg: 1, dreg: 1, len: 1, mask: { value: nft.value.u8(0xfc) }, xor: { value: nft.value.u8(0) } } },
    ];
    expect(() => nft.ruleStatements(rule([...dscp, shift(1)]))).toThrow(expect.objectContaining({ index: 4, expression: 'bitwise' }));
  });
});
