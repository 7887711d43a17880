// The objects the verbs make of what a real kernel sends. The messages below are the nftables replies
// Linux (the test machine's kernel) sent to nft 1.0.6 for `nft -a list ruleset` (strace -e read=all, in a
// throwaway network namespace) after loading RULESET; each expected value is what `nft -a list ruleset`
// printed for it (quoted next to it). A fake kernel answers each dump with those messages, so the whole
// ruleset is read without root.
import { describe, expect, it } from 'vitest';
import { nft, type Ruleset } from '../src/index.js';
import { expectEachExactly, expectExactly } from './helpers/exact.js';
import { readReplayed, repliesOf } from './helpers/kernel-replay.js';

export const RULESET = `
table inet t {
  comment "tc"
  counter k { comment "kc"; }
  quota q { over 25 mbytes; }
  set s { type ipv4_addr . inet_service; flags interval, timeout; timeout 30s; gc-interval 10s; size 100; comment "sc"; counter; elements = { 10.0.0.0/24 . 80-90 timeout 20s comment "ec" } }
  set p { type ipv4_addr; policy memory; elements = { 10.0.0.5 } }
  map m { type ipv4_addr : verdict; elements = { 10.0.0.1 : jump c, * : drop } }
  map om { type ipv4_addr : counter; elements = { 10.0.0.2 : "k" } }
  map dm { type ipv4_addr : mark; elements = { 10.0.0.3 : 0x2a } }
  chain c { comment "cc"; counter comment "rc"; }
  chain b { type filter hook input priority 10; policy drop; }
}
table netdev n {
  flags dormant
  chain i { type filter hook ingress device lo priority -5; policy accept; }
}
`;

/** [nlmsg_type, payload in hex]: the kernel's replies (NEWGEN first). */
const KERNEL: [number, string][] = [
  [0xa0f, '0000000208000100000000020800020000004b5b080003006e667400'],
  [0xa00, '01000002060001007400000008000300000000090c00040000000000000000010800020000000000090006000003746300000000'],
  [0xa00, '05000002060001006e00000008000300000000010c00040000000000000000020800020000000001'],
  [0xa03, '01000002060001007400000006000300630000000c0002000000000000000001080006000000000209000c000003636300000000'],
  [
    0xa03,
    '01000002060001007400000006000300620000000c0002000000000000000002140004000800010000000001080002000000000a0800050000000000' +
    '0b00070066696c746572000008000a00000000010800060000000000',
  ],
  [
    0xa03,
    '05000002060001006e00000006000300690000000c000200000000000000000128000400080001000000000008000200fffffffb0c00040007000100' +
    '6c6f0000070003006c6f000008000500000000010b00070066696c746572000008000a00000000010800060000000000',
  ],
  [
    0xa09,
    '01000002060001007400000006000200730000000c0010000000000000000005080003000000009408000400000001cd08000500000000080c000b00' +
    '000000000000753008000c000000271019000d00000400000000030800040d000000010007037363000000002800090008000100000000641c000200' +
    '0c00010008000100000000040c000100080001000000000217001300307866666666666666663832353036373230000008001400000000012c001100' +
    '0c000100636f756e746572001c0002000c00010000000000000000000c0002000000000000000000',
  ],
  [
    0xa09,
    '01000002060001007400000006000200700000000c00100000000000000000060800040000000007080005000000000408000800000000010a000d00' +
    '0004020000000000040009001700130030786666666666666666383235303634633000000800140000000001',
  ],
  [
    0xa09,
    '010000020600010074000000060002006d0000000c001000000000000000000708000300000000080800040000000007080005000000000408000600' +
    'ffffff00080007000000001016000d000004020000000104000000000604000000000000040009001700130030786666666666666666383235303634' +
    '633000000800140000000001',
  ],
  [
    0xa09,
    '010000020600010074000000070002006f6d00000c001000000000000000000808000300000000400800040000000007080005000000000408000f00' +
    '0000000110000d00000402000000060400000000040009001700130030786666666666666666383235303634633000000800140000000001',
  ],
  [
    0xa09,
    '01000002060001007400000007000200646d00000c001000000000000000000908000300000000080800040000000007080005000000000408000600' +
    '00000013080007000000000416000d000004020000000104010000000604000000000000040009001700130030786666666666666666383235303634' +
    '633000000800140000000001',
  ],
  [
    0xa0c,
    '01000002060001007400000006000200730000007800030074000100100001000c0001000a0000000050000010000a000c0001000a0000ff005a0000' +
    '2c0007000c000100636f756e746572001c0002000c00010000000000000000000c00020000000000000000000c0004000000000000004e200c000500' +
    '0000000000004dec090006000003656300000000',
  ],
  [0xa0c, '010000020600010074000000060002007300000004000300'],
  [0xa0c, '010000020600010074000000060002007000000014000300100001000c000100080001000a000005'],
  [0xa0c, '010000020600010074000000060002007000000004000300'],
  [
    0xa0c,
    '010000020600010074000000060002006d0000002c000300280001000c000100080001000a000001180002001400020008000100fffffffd06000200' +
    '63000000',
  ],
  [0xa0c, '010000020600010074000000060002006d000000200003001c000100100002000c00020008000100000000000800030000000002'],
  [0xa0c, '010000020600010074000000070002006f6d00001c000300180001000c000100080001000a000002060009006b000000'],
  [0xa0c, '010000020600010074000000070002006f6d000004000300'],
  [0xa0c, '01000002060001007400000007000200646d0000200003001c0001000c000100080001000a0000030c000200080001002a000000'],
  [0xa0c, '01000002060001007400000007000200646d000004000300'],
  [
    0xa12,
    '010000020600010074000000060002006b00000008000300000000010c000600000000000000000308000500000000011c0004000c00010000000000' +
    '000000000c00020000000000000000000900080000036b6300000000',
  ],
  [
    0xa12,
    '010000020600010074000000060002007100000008000300000000020c00060000000000000000040800050000000000240004000c00010000000000' +
    '019000000c00040000000000000000000800020000000001',
  ],
  [
    0xa06,
    '01000002060001007400000006000200630000000c000300000000000000000a300004002c0001000c000100636f756e746572001c0002000c000100' +
    '00000000000000000c0002000000000000000000090007000003726300000000',
  ],
  [0xa0f, '0000000208000100000000020800020000004b5b080003006e667400'],
];

const replies = repliesOf(KERNEL);

/** The ruleset as the verbs read it from those replies. (Read in each test, not in a hook: mutation testing counts what a test itself runs.) */
async function read(): Promise<Ruleset> {
  return readReplayed(replies);
}

const comment = (text: string) => Uint8Array.of(0, text.length + 1, ...new TextEncoder().encode(text), 0);

describe('a ruleset read from the kernel\'s bytes', () => {

  it('at the generation NEWGEN gave (NFTA_GEN_ID 2)', async () => {
    const ruleset = await read();
    expect(ruleset.generation).toBe(2);
  });

  it('tables: "table inet t { # handle 1 … comment "tc"", "table netdev n { # handle 2 … flags dormant"', async () => {
    const ruleset = await read();
    expectEachExactly(ruleset.tables, [
      { family: 'inet', name: 't', handle: 1n, flags: [], use: 9, comment: 'tc', userdata: comment('tc') },
      { family: 'netdev', name: 'n', handle: 2n, flags: ['dormant'], use: 1 },
    ]);
  });

  it('chains: a regular one with a comment, base chains with hook, priority, policy and device', async () => {
    const ruleset = await read();
    expectEachExactly(ruleset.chains, [
      // chain c { # handle 1  comment "cc"
      { family: 'inet', table: 't', name: 'c', handle: 1n, flags: [], use: 2, comment: 'cc', userdata: comment('cc') },
      // chain b { # handle 2  type filter hook input priority filter + 10; policy drop;
      { family: 'inet', table: 't', name: 'b', handle: 2n, flags: ['base'], type: 'filter', hook: 'input', priority: 10, policy: 'drop', use: 0 },
      // chain i { # handle 1  type filter hook ingress device "lo" priority filter - 5; policy accept;
      { family: 'netdev', table: 'n', name: 'i', handle: 1n, flags: ['base'], type: 'filter', hook: 'ingress', priority: -5, device: 'lo', devices: ['lo'], policy: 'accept', use: 0 },
    ]);
  });

  it('rules: "counter packets 0 bytes 0 comment "rc" # handle 10"', async () => {
    const ruleset = await read();
    expectEachExactly(ruleset.rules, [
      { family: 'inet', table: 't', chain: 'c', handle: 10n, expressions: [{ name: 'counter', data: { bytes: 0n, packets: 0n } }], comment: 'rc', userdata: comment('rc') },
    ]);
  });

  it('set s: "type ipv4_addr . inet_service; size 100; flags interval,timeout; counter; timeout 30s; gc-interval 10s; comment "sc""', async () => {
    const ruleset = await read();
    const { elements, userdata, ...s } = ruleset.sets[0]!;
    expectExactly(s, {
      family: 'inet', table: 't', name: 's', handle: 5n, flags: ['interval', 'timeout', 'concat'], keyType: 'ipv4_addr . inet_service', keyLen: 8,
      size: 100, concat: [4, 2], timeout: 30_000n, gcInterval: 10_000, expressions: [{ name: 'counter', data: { bytes: 0n, packets: 0n } }], comment: 'sc',
    });
    expect(userdata).toHaveLength(21);
    // elements = { 10.0.0.0/24 . 80-90 counter packets 0 bytes 0 timeout 20s expires 19s948ms comment "ec" }
    expectEachExactly(elements, [
      {
        flags: [], key: Uint8Array.of(10, 0, 0, 0, 0, 80, 0, 0), keyEnd: Uint8Array.of(10, 0, 0, 255, 0, 90, 0, 0), timeout: 20_000n, expiration: 19_948n,
        expressions: [{ name: 'counter', data: { bytes: 0n, packets: 0n } }], comment: 'ec', userdata: comment('ec'),
      },
    ]);
  });

  it('set p: "type ipv4_addr; policy memory; elements = { 10.0.0.5 }"', async () => {
    const ruleset = await read();
    const { userdata: _, ...p } = ruleset.sets[1]!;
    expectExactly(p, { family: 'inet', table: 't', name: 'p', handle: 6n, flags: [], keyType: 'ipv4_addr', keyLen: 4, policy: 'memory', elements: [{ flags: [], key: Uint8Array.of(10, 0, 0, 5) }] });
  });

  it('map m: "type ipv4_addr : verdict; elements = { 10.0.0.1 : jump c, * : drop }"', async () => {
    const ruleset = await read();
    const { userdata: _, ...m } = ruleset.sets[2]!;
    expectExactly(m, {
      family: 'inet', table: 't', name: 'm', handle: 7n, flags: ['map'], keyType: 'ipv4_addr', keyLen: 4, dataType: 'verdict', dataLen: 16,
      elements: [{ flags: [], key: Uint8Array.of(10, 0, 0, 1), verdict: { code: 'jump', chain: 'c' } }, { flags: ['catchall'], verdict: { code: 'drop' } }],
    });
  });

  it('map om: "type ipv4_addr : counter; elements = { 10.0.0.2 : "k" }"; map dm: "type ipv4_addr : mark; elements = { 10.0.0.3 : 0x0000002a }"', async () => {
    const ruleset = await read();
    const { userdata: _o, ...om } = ruleset.sets[3]!;
    expectExactly(om, { family: 'inet', table: 't', name: 'om', handle: 8n, flags: ['object'], keyType: 'ipv4_addr', keyLen: 4, objType: 'counter', elements: [{ flags: [], key: Uint8Array.of(10, 0, 0, 2), objref: 'k' }] });
    const { userdata: _d, ...dm } = ruleset.sets[4]!;
    // The mark in host order (little-endian here), as the kernel keeps it.
    expectExactly(dm, { family: 'inet', table: 't', name: 'dm', handle: 9n, flags: ['map'], keyType: 'ipv4_addr', keyLen: 4, dataType: 'mark', dataLen: 4, elements: [{ flags: [], key: Uint8Array.of(10, 0, 0, 3), data: Uint8Array.of(42, 0, 0, 0) }] });
  });

  it('objects: "counter k { # handle 3  comment "kc"  packets 0 bytes 0 }", "quota q { # handle 4  over 25 mbytes }"', async () => {
    const ruleset = await read();
    expectEachExactly(ruleset.objects, [
      { family: 'inet', table: 't', name: 'k', handle: 3n, type: 'counter', data: { bytes: 0n, packets: 0n }, use: 1, comment: 'kc', userdata: comment('kc') },
      { family: 'inet', table: 't', name: 'q', handle: 4n, type: 'quota', data: { bytes: 25n << 20n, consumed: 0n, flags: ['inv'] }, use: 0 },
    ]);
    expect(ruleset.flowtables).toEqual([]);
  });
});
