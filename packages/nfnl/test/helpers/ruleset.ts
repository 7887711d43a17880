// One realistic ruleset two ways: as `nft -f` text, and as a linx batch that encodes every rule the way nft
// does (read with `nft --debug=netlink`), so that `nft -j` prints the same statements for both. It has an
// inet filter table with base chains, a rule per expression kind, named sets with intervals and
// concatenations, a verdict map, a dynamic set, and counter / quota / limit objects.
import { NftBatch, value, verdict, type ExpressionInput } from '../../src/index.js';

export const TABLE = 'linx';

export const RULESET_TEXT = `
table inet ${TABLE} {
  comment "linx table"
  counter cnt { }
  quota q { over 25 mbytes }
  limit lim { rate 10/second }
  set nets { type ipv4_addr; flags interval; elements = { 10.0.0.0/24, 192.168.0.0/16 } }
  set pairs { type ipv4_addr . inet_service; elements = { 10.0.0.1 . 22 } }
  set ranges { type ipv4_addr . inet_service; flags interval; elements = { 10.0.0.0/8 . 1000-2000 } }
  set dyn { type ipv4_addr; flags dynamic,timeout; timeout 1m; }
  map ports { type inet_service : verdict; elements = { 22 : accept, 80 : jump other } }
  chain other { counter name "cnt"; quota name "q"; }
  chain raw { type filter hook prerouting priority -300; policy accept; notrack; }
  chain input { type filter hook input priority 0; policy accept; comment "input chain";
    ct state established,related accept comment "established"
    ip saddr & 255.255.0.0 == 10.1.0.0 counter
    tcp dport != 1000-2000 limit rate 5/second log prefix "x " level info
    ip saddr @nets drop
    fib daddr type local counter
    tcp option maxseg size 1400 counter
    tcp dport vmap @ports
    add @dyn { ip saddr } counter
    meta l4proto udp reject with icmpx type port-unreachable
    meta mark set 0x10
    ip daddr . tcp dport @pairs accept
    quota over 10 mbytes drop
  }
  chain nat_pre { type nat hook prerouting priority -100; policy accept;
    tcp dport 8080 redirect to :80
    ip daddr 10.9.9.9 tcp dport 81 dnat ip to 10.0.0.1:80
  }
  chain nat_post { type nat hook postrouting priority 100; policy accept; oifname "lo" masquerade; }
}
`;

const R1 = 1; // NFT_REG_1
const l4proto = (proto: number): ExpressionInput[] => [
  { name: 'meta', data: { key: 'l4-proto', dreg: R1 } },
  { name: 'cmp', data: { sreg: R1, op: 'eq', data: { value: value.u8(proto) } } },
];
const ipv4Only: ExpressionInput[] = [
  { name: 'meta', data: { key: 'nfproto', dreg: R1 } },
  { name: 'cmp', data: { sreg: R1, op: 'eq', data: { value: value.u8(2) } } },
];
const load = (base: 'network' | 'transport', offset: number, len: number, dreg = R1): ExpressionInput => ({ name: 'payload', data: { dreg, base, offset, len } });
const cmpEq = (bytes: Uint8Array): ExpressionInput => ({ name: 'cmp', data: { sreg: R1, op: 'eq', data: { value: bytes } } });
const counter: ExpressionInput = { name: 'counter', data: {} };
const accept: ExpressionInput = { name: 'immediate', data: { dreg: 0, data: verdict('accept') } };
const drop: ExpressionInput = { name: 'immediate', data: { dreg: 0, data: verdict('drop') } };

/** The rules of chain `input`, in order, and the expression kinds each one shows. */
export const INPUT_RULES: { comment?: string; expressions: ExpressionInput[] }[] = [
  {
    comment: 'established',
    expressions: [
      { name: 'ct', data: { key: 'state', dreg: R1 } },
      { name: 'bitwise', data: { sreg: R1, dreg: R1, len: 4, mask: { value: value.u32(2 | 4) }, xor: { value: value.u32(0) } } },
      { name: 'cmp', data: { sreg: R1, op: 'neq', data: { value: value.u32(0) } } },
      accept,
    ],
  },
  {
    expressions: [
      ...ipv4Only,
      load('network', 12, 4),
      { name: 'bitwise', data: { sreg: R1, dreg: R1, len: 4, mask: { value: value.ipv4('255.255.0.0') }, xor: { value: value.u32(0) } } },
      cmpEq(value.ipv4('10.1.0.0')),
      counter,
    ],
  },
  {
    expressions: [
      ...l4proto(6),
      load('transport', 2, 2),
      { name: 'range', data: { sreg: R1, op: 'neq', fromData: { value: value.be16(1000) }, toData: { value: value.be16(2000) } } },
      { name: 'limit', data: { rate: 5n, unit: 1n, burst: 5, type: 'pkts', flags: [] } },
      { name: 'log', data: { prefix: 'x ', level: 'info' } },
    ],
  },
  { expressions: [...ipv4Only, load('network', 12, 4), { name: 'lookup', data: { sreg: R1, set: 'nets' } }, drop] },
  { expressions: [{ name: 'fib', data: { dreg: R1, flags: ['daddr'], result: 'addrtype' } }, cmpEq(value.u32(2)), counter] },
  { expressions: [{ name: 'exthdr', data: { dreg: R1, op: 'tcpopt', type: 2, offset: 2, len: 2 } }, cmpEq(value.be16(1400)), counter] },
  { expressions: [...l4proto(6), load('transport', 2, 2), { name: 'lookup', data: { sreg: R1, set: 'ports', dreg: 0 } }] },
  { expressions: [...ipv4Only, load('network', 12, 4), { name: 'dynset', data: { setName: 'dyn', op: 'add', sregKey: R1 } }, counter] },
  { expressions: [...l4proto(17), { name: 'reject', data: { type: 'icmpx-unreach', icmpCode: 1 } }] },
  { expressions: [{ name: 'immediate', data: { dreg: R1, data: { value: value.u32(0x10) } } }, { name: 'meta', data: { key: 'mark', sreg: R1 } }] },
  {
    expressions: [...ipv4Only, ...l4proto(6), load('network', 16, 4), load('transport', 2, 2, 9), { name: 'lookup', data: { sreg: R1, set: 'pairs' } }, accept],
  },
  { expressions: [{ name: 'quota', data: { bytes: 10n << 20n, flags: ['inv'] } }, drop] },
];

/** The linx batch that builds the same ruleset. */
export function buildRuleset(b: NftBatch): NftBatch {
  const family = 'inet';
  const table = TABLE;
  const at = { family, table } as const;
  b.addTable({ family, name: table, comment: 'linx table' });
  b.addObject({ ...at, name: 'cnt', type: 'counter', data: {} });
  b.addObject({ ...at, name: 'q', type: 'quota', data: { bytes: 25n << 20n, flags: ['inv'] } });
  b.addObject({ ...at, name: 'lim', type: 'limit', data: { rate: 10n, unit: 1n, burst: 5, type: 'pkts' } });
  b.addSet({ ...at, name: 'nets', keyType: 'ipv4_addr', flags: ['interval'] });
  b.addElements({ ...at, set: 'nets' }, [
    { key: value.ipv4('10.0.0.0') },
    { key: value.ipv4('10.0.1.0'), flags: ['interval-end'] },
    { key: value.ipv4('192.168.0.0') },
    { key: value.ipv4('192.169.0.0'), flags: ['interval-end'] },
  ]);
  b.addSet({ ...at, name: 'pairs', keyType: 'ipv4_addr . inet_service' });
  b.addElements({ ...at, set: 'pairs' }, [{ key: value.concat(value.ipv4('10.0.0.1'), value.be16(22)) }]);
  b.addSet({ ...at, name: 'ranges', keyType: 'ipv4_addr . inet_service', flags: ['interval'] });
  const net = value.prefix('10.0.0.0/8');
  b.addElements({ ...at, set: 'ranges' }, [{ key: value.concat(net.first, value.be16(1000)), keyEnd: value.concat(net.last, value.be16(2000)) }]);
  b.addSet({ ...at, name: 'dyn', keyType: 'ipv4_addr', flags: ['eval'], timeout: 60_000, size: 65535 });
  b.addSet({ ...at, name: 'ports', keyType: 'inet_service', dataType: 'verdict' });
  b.addChain({ ...at, name: 'other' });
  b.addElements({ ...at, set: 'ports' }, [
    { key: value.be16(22), verdict: { code: 'accept' } },
    { key: value.be16(80), verdict: { code: 'jump', chain: 'other' } },
  ]);
  b.addChain({ ...at, name: 'raw', type: 'filter', hook: 'prerouting', priority: 'raw', policy: 'accept' });
  b.addChain({ ...at, name: 'input', type: 'filter', hook: 'input', priority: 'filter', policy: 'accept', comment: 'input chain' });
  b.addChain({ ...at, name: 'nat_pre', type: 'nat', hook: 'prerouting', priority: 'dstnat', policy: 'accept' });
  b.addChain({ ...at, name: 'nat_post', type: 'nat', hook: 'postrouting', priority: 'srcnat', policy: 'accept' });
  b.addRule({ ...at, chain: 'other', expressions: [{ name: 'objref', data: { immType: 'counter', immName: 'cnt' } }] });
  b.addRule({ ...at, chain: 'other', expressions: [{ name: 'objref', data: { immType: 'quota', immName: 'q' } }] });
  b.addRule({ ...at, chain: 'raw', expressions: [{ name: 'notrack' }] });
  for (const rule of INPUT_RULES) b.addRule({ ...at, chain: 'input', ...rule });
  b.addRule({
    ...at,
    chain: 'nat_pre',
    expressions: [...l4proto(6), load('transport', 2, 2), cmpEq(value.be16(8080)), { name: 'immediate', data: { dreg: R1, data: { value: value.be16(80) } } }, { name: 'redir', data: { regProtoMin: R1, flags: ['proto-specified'] } }],
  });
  b.addRule({
    ...at,
    chain: 'nat_pre',
    expressions: [
      ...ipv4Only,
      load('network', 16, 4),
      cmpEq(value.ipv4('10.9.9.9')),
      ...l4proto(6),
      load('transport', 2, 2),
      cmpEq(value.be16(81)),
      { name: 'immediate', data: { dreg: R1, data: { value: value.ipv4('10.0.0.1') } } },
      { name: 'immediate', data: { dreg: 2, data: { value: value.be16(80) } } },
      { name: 'nat', data: { type: 'dnat', family: 'ip', regAddrMin: R1, regProtoMin: 2, flags: ['proto-specified'] } },
    ],
  });
  b.addRule({ ...at, chain: 'nat_post', expressions: [{ name: 'meta', data: { key: 'oifname', dreg: R1 } }, cmpEq(value.ifname('lo')), { name: 'masq', data: {} }] });
  return b;
}
