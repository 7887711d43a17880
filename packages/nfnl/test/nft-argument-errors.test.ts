// Bad arguments to nftables verbs are refused with a typed error (InvalidArgumentError, code
// ERR_LINX_INVALID_ARGUMENT, naming the argument) before anything is sent: the fake kernel sees no request.
// The limits are the kernel's (linux/netfilter/nf_tables.h): names of at most NFT_NAME_MAXLEN - 1 bytes,
// user data of at most NFT_USERDATA_MAXLEN bytes (the policy of every NFTA_*_USERDATA in nf_tables_api.c).
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { Nfnl, NftBatch, nft, value, type Nfnl as NfnlType } from '../src/index.js';
import { fakeNftKernel } from './helpers/fake-nft.js';

/** Runs `call` against a fake kernel; returns the error it failed with and how many requests were sent. */
async function refused(call: (nfnl: NfnlType) => Promise<unknown>): Promise<{ error: unknown; requests: number }> {
  const kernel = fakeNftKernel();
  const nfnl = new Nfnl(kernel);
  try {
    await call(nfnl);
    return { error: undefined, requests: kernel.requests.length };
  } catch (error) {
    return { error, requests: kernel.requests.length };
  } finally {
    nfnl.close();
  }
}

function expectInvalid(error: unknown, argument: string, message: RegExp): void {
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect(error).toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument });
  expect((error as Error).message).toMatch(message);
}

const inet = { family: 'inet' as const, table: 't' };
const long = 'n'.repeat(256);
const longest = 'n'.repeat(255);

describe('refused before sending', () => {
  const cases: [string, (n: NfnlType) => Promise<unknown>, string, RegExp][] = [
    ['a chain hook that does not exist', (n) => n.nftables.chains.add({ ...inet, name: 'c', hook: 'bogus' as never }), 'hook', /^hook: inet has no hook "bogus" \(it has prerouting, input, forward, output, postrouting, ingress\)$/],
    ['a chain priority that does not exist', (n) => n.nftables.chains.add({ ...inet, name: 'c', hook: 'input', priority: 'bogus' as never }), 'priority', /^priority: no standard priority "bogus" for inet/],
    ['a family that does not exist (base chain)', (n) => n.nftables.chains.add({ family: 'bogus' as never, table: 't', name: 'c', hook: 'input' }), 'family', /unknown family "bogus"/],
    ['a hook name inherited from Object.prototype', (n) => n.nftables.chains.add({ ...inet, name: 'c', hook: 'toString' as never }), 'hook', /no hook "toString"/],
    ['a comment over 253 bytes (its TLV over NFT_USERDATA_MAXLEN)', (n) => n.nftables.tables.add({ family: 'inet', name: 't', comment: 'x'.repeat(254) }), 'comment', /comment of 254 bytes is longer than 253/],
    ['a rule comment over 253 bytes (counted in UTF-8 bytes)', (n) => n.nftables.rules.add({ ...inet, chain: 'c', expressions: [], comment: 'é'.repeat(128) }), 'comment', /comment of 256 bytes/],
    ['user data over NFT_USERDATA_MAXLEN', (n) => n.nftables.tables.add({ family: 'inet', name: 't', comment: 'x'.repeat(200), userdata: nft.buildUserdata([{ type: 1, value: new Uint8Array(100) }]) }), 'comment', /305 bytes of user data is more than the kernel's 256/],
    ['an unknown set key type', (n) => n.nftables.sets.add({ ...inet, name: 's', keyType: 'bogus' }), 'keyType', /unknown nft data type "bogus"/],
    ['an unknown set data type', (n) => n.nftables.sets.add({ ...inet, name: 's', keyType: 'ipv4_addr', dataType: 'ipv4_addr . bogus' }), 'dataType', /unknown nft data type "bogus"/],
    ['a set key type without a size and no keyLen', (n) => n.nftables.sets.add({ ...inet, name: 's', keyType: 'integer' }), 'keyLen', /give keyLen/],
    ['an empty table name', (n) => n.nftables.tables.add({ family: 'inet', name: '' }), 'name', /^name: a name cannot be empty$/],
    ['a table name over 255 bytes', (n) => n.nftables.tables.create({ family: 'inet', name: long }), 'name', /256 bytes is longer than the kernel's 255 \(NFT_NAME_MAXLEN\)/],
    ['a chain name over 255 bytes', (n) => n.nftables.chains.add({ ...inet, name: long }), 'name', /256 bytes/],
    ["a chain's empty table name", (n) => n.nftables.chains.add({ family: 'inet', table: '', name: 'c' }), 'table', /empty/],
    ['a rule in a chain whose name is over 255 bytes', (n) => n.nftables.rules.add({ ...inet, chain: long, expressions: [] }), 'chain', /256 bytes/],
    ['a set name over 255 bytes (counted in UTF-8 bytes)', (n) => n.nftables.sets.add({ ...inet, name: 'é'.repeat(128), keyType: 'ipv4_addr' }), 'name', /256 bytes/],
    ['an object name with a NUL', (n) => n.nftables.objects.add({ ...inet, name: 'a\0b', type: 'counter', data: {} } as never), 'name', /NUL/],
    ['a flowtable name that is empty', (n) => n.nftables.flowtables.add({ ...inet, name: '', devices: ['lo'] }), 'name', /empty/],
    ['elements of a set whose name is over 255 bytes', (n) => n.nftables.elements.add({ ...inet, set: long }, [{ key: value.ipv4('10.0.0.1') }]), 'set', /256 bytes/],
    ['deleting a table by a name over 255 bytes', (n) => n.nftables.tables.delete({ family: 'inet', name: long }), 'name', /256 bytes/],
    ['destroying a chain of a table with an empty name', (n) => n.nftables.chains.destroy({ family: 'inet', table: '', name: 'c' }), 'table', /empty/],
    ['deleting a set by a name over 255 bytes', (n) => n.nftables.sets.delete({ ...inet, name: long }), 'name', /256 bytes/],
    ['deleting a rule of a chain whose name is over 255 bytes', (n) => n.nftables.rules.delete({ ...inet, chain: long, handle: 1n }), 'chain', /256 bytes/],
    ['deleting an object by an empty name', (n) => n.nftables.objects.delete({ ...inet, type: 'counter', name: '' }), 'name', /empty/],
    ['a bad table name inside a batch', (n) => n.nftables.batch((b) => b.addTable({ family: 'inet', name: 'ok' }).addTable({ family: 'inet', name: '' })), 'name', /empty/],
  ];
  for (const [what, call, argument, message] of cases) {
    it(what, async () => {
      const { error, requests } = await refused(call);
      expectInvalid(error, argument, message);
      expect(requests).toBe(0);
    });
  }

  it('a table is still deleted by handle, whatever its name', async () => {
    const { error, requests } = await refused((n) => n.nftables.tables.delete({ family: 'inet', handle: 3n }));
    expect(error).toBeUndefined();
    expect(requests).toBeGreaterThan(0);
  });

  it('names of exactly 255 bytes and comments of 253 are sent', async () => {
    const { error, requests } = await refused(async (n) => {
      await n.nftables.tables.add({ family: 'inet', name: longest, comment: 'c'.repeat(253) });
      await n.nftables.chains.add({ family: 'inet', table: longest, name: longest });
    });
    expect(error).toBeUndefined();
    expect(requests).toBeGreaterThan(0);
  });
});

describe('value helpers', () => {
  it('value.prefix refuses a prefix length past the address', () => {
    for (const cidr of ['10.0.0.0/40', '10.0.0.0/-1', '10.0.0.0/x', '2001:db8::/129']) expectInvalid(catching(() => value.prefix(cidr)), 'cidr', /bad prefix length/);
    expect(value.prefix('10.0.0.0/32').last).toEqual(value.ipv4('10.0.0.0'));
  });
  it('the batch builder refuses at the call, before the batch exists', () => {
    expectInvalid(catching(() => new NftBatch().addChain({ ...inet, name: 'c', hook: 'bogus' as never })), 'hook', /no hook/);
  });
});

function catching(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}
