// Sets and statements whose printing depends on more than their bytes, for ruleset-sets.live.test.ts: sets
// declared by `typeof` (nft keeps the expressions in the set's user data and prints them back), sets and
// maps of interface indexes (nft prints the names, looked up in the namespace), concatenations of
// intervals (listed in the kernel's order), verdict maps, fwd/dup (interface indexes and addresses in
// registers), fields of IPv6 extension headers (narrow ones masked) and of the less common transport
// headers (udplite, dccp, ah, esp, comp, igmp), osf and ipsec (xfrm), tcp options nft names beyond the
// common ones (sack blocks, md5sig, fastopen, mptcp) or does not (`tcp option @99,8,8`), SCTP chunks, marks compared after bits were set (`meta mark | 0x3 == 0x7`). The namespace needs a veth pair `va`/`vb` for the interface names. (Left out: typeof ct
// label, ct event and meta time, which nft 1.0.6 cannot list back: it stops at "Unknown data type".)
import type { SetSpec } from '../../src/index.js';

/** The interfaces the corpus names, made in the test's namespace before it is loaded. */
export const CORPUS_INTERFACES = ['va', 'vb'] as const;

export const SET_CORPUS = `
table inet ty {
  set k1 { typeof ip saddr . tcp dport; elements = { 10.0.0.1 . 22, 10.0.0.2 . 80 } }
  set k2 { typeof meta mark; elements = { 0x10, 0x20 } }
  set k3 { typeof ct mark; }
  set k4 { typeof meta length; elements = { 100, 200 } }
  set k5 { typeof udp length; elements = { 8 } }
  set k6 { typeof meta l4proto; elements = { tcp, 17 } }
  set k7 { typeof meta skuid; elements = { 0, 1000 } }
  set k8 { typeof ct state; elements = { new, established } }
  set k9 { typeof ct original ip saddr; elements = { 1.2.3.4 } }
  set k10 { typeof ct zone; elements = { 5 } }
  set k11 { typeof ether saddr; elements = { 00:11:22:33:44:55 } }
  set k12 { typeof vlan id; elements = { 10 } }
  set k13 { typeof ip dscp; elements = { cs1, ef } }
  set k14 { typeof tcp flags; elements = { syn } }
  set k15 { typeof icmp type; elements = { echo-request } }
  set k16 { typeof ip ttl; elements = { 64 } }
  set k17 { typeof iifname . ip saddr . tcp dport; elements = { "lo" . 1.2.3.4 . 22 } }
  set k18 { typeof ct direction; }
  set k19 { typeof meta nfproto; elements = { ipv4 } }
  set k20 { typeof tcp option maxseg size; elements = { 1400 } }
  set k21 { typeof tcp option timestamp tsecr; }
  set k22 { typeof ip6 nexthdr; }
  set k23 { typeof meta cpu; elements = { 1 } }
  set k24 { typeof ct id; }
  set k25 { typeof meta priority; elements = { 1:2 } }
  set k26 { typeof ct helper; }
  set k27 { typeof sctp dport; }
  set k28 { typeof th dport; }
  set k29 { typeof meta sdif; }
  set k30 { typeof ct original proto-src; }
  set k31 { typeof arp htype; }
  set k32 { typeof ip6 daddr; elements = { 2001:db8::1 } }
  set k33 { typeof ip saddr . meta cpu; elements = { 10.0.0.1 . 7 } }
  set k34 { typeof tcp option window count; }
  map d1 { typeof ip saddr : meta mark; elements = { 10.0.0.1 : 0x5 } }
  map d2 { typeof ip saddr : ct mark; }
  map d3 { typeof meta mark : ip daddr . tcp dport; elements = { 1 : 1.2.3.4 . 80 } }
  map d4 { typeof udp dport : verdict; elements = { 53 : drop, 54 : accept } }
  map d5 { typeof tcp dport : verdict; flags interval; elements = { 1-1024 : accept } }
  chain c {
    ip saddr . tcp dport @k1 accept
    meta mark @k2 accept
    ct mark @k3 drop
    meta length @k4 counter
    udp length @k5 counter
    ip dscp @k13 counter
    tcp option maxseg size @k20 counter
    ct original ip saddr @k9 counter
    meta cpu @k23 counter
    ip saddr . meta cpu @k33 counter
    meta mark set ip saddr map @d1
    udp dport vmap @d4
    ct zone @k10 counter
    iifname . ip saddr . tcp dport @k17 accept
    tcp dport vmap @d5
  }
}
table inet ifs {
  set i1 { typeof meta iif; elements = { "lo", "va" } }
  set i2 { type iface_index; elements = { "lo", "vb" } }
  set i3 { typeof iif . oif; elements = { "lo" . "va" } }
  set i4 { typeof meta sdif; elements = { "vb" } }
  map i5 { typeof ip saddr : iif; elements = { 1.2.3.4 : "lo" } }
  map i6 { type ipv4_addr : iface_index; elements = { 1.2.3.4 : "va", 1.2.3.5 : "vb" } }
  set i7 { typeof ip saddr . iif; flags interval; elements = { 10.0.0.0/8 . "lo", 192.168.0.0/16 . "vb" } }
  chain c {
    iif { "lo", "va" } accept
    ip saddr . iif @i7 accept
    meta mark set iif map { "lo" : 1, "va" : 2 }
  }
}
table inet cr {
  set r1 { type ipv4_addr . inet_service; flags interval; elements = { 10.0.0.0/8 . 100-200, 10.0.0.0/8 . 1-20, 192.168.0.0/16 . 5, 1.2.3.4 . 80 } }
  set r2 { typeof ip saddr . meta mark; flags interval; elements = { 10.0.0.0/8 . 0x10-0x20, 1.1.1.1 . 0x5 } }
  set r3 { typeof ip saddr . meta cpu; flags interval; elements = { 10.0.0.0/8 . 1-5, 9.0.0.0/8 . 7 } }
  set r4 { type ipv4_addr . ipv4_addr . inet_service; flags interval; elements = { 9.9.9.9 . 10.0.0.0/24 . 22, 1.1.1.1 . 10.0.0.0/24 . 10-20, 5.5.5.5 . 0.0.0.0/0 . 443 } }
  map r5 { type ipv4_addr . inet_service : verdict; flags interval; elements = { 10.0.0.0/8 . 22 : accept, 1.0.0.0/8 . 80-90 : drop } }
  set r6 { type ipv6_addr . inet_service; flags interval; elements = { 2001:db8::/32 . 80, ::1 . 1-2 } }
  chain c {
    ip saddr . tcp dport { 10.0.0.0/8 . 100-200, 10.0.0.0/8 . 1-20, 1.2.3.4 . 80 } accept
  }
}
table inet more {
  set e1 { typeof frag more-fragments; }
  set e2 { typeof osf name; }
  set e3 { typeof socket mark; }
  set e4 { typeof dccp type; }
  set e5 { typeof ah spi; }
  set e6 { typeof comp cpi; }
  set e7 { typeof icmpv6 type; elements = { echo-request } }
  set e8 { typeof igmp type; }
  set e9 { typeof udplite csumcov; }
  set e10 { typeof arp saddr ip; elements = { 1.2.3.4 } }
  set e11 { typeof vlan pcp; }
  set e12 { typeof ip6 flowlabel; elements = { 5 } }
  set e13 { typeof icmp code; elements = { port-unreachable } }
  set e14 { typeof meta ibrname; }
  set e15 { typeof meta day; elements = { "Monday", "Sunday", "Saturday" } }
  set e16 { typeof meta hour; elements = { "17:00", "01:30:05" } }
  set e17 { typeof ip6 hoplimit; }
  set e18 { typeof dst nexthdr; }
  set e19 { typeof rt mtu; }
  set e20 { typeof ether type; elements = { ip6 } }
  set e21 { typeof meta protocol; elements = { ip } }
  set e22 { typeof meta pkttype; elements = { host } }
  set e23 { type pkt_type; elements = { host, broadcast } }
  set e24 { type pkt_type . mark; }
  set e25 { typeof ct status; elements = { assured } }
  set e26 { typeof meta iifgroup; }
  set e27 { typeof meta cgroup; }
  set e28 { typeof meta random; }
  set e29 { typeof ct proto-dst; }
  set e30 { typeof ct reply ip6 daddr; }
  set e31 { typeof meta rtclassid; }
  set e32 { typeof ct packets; }
  set e33 { typeof meta iiftype; elements = { ether } }
  set e34 { typeof ip6 saddr . meta l4proto . th dport; elements = { ::1 . tcp . 22 } }
  set e35 { typeof hbh nexthdr; }
  set e36 { typeof mh type; }
  set e37 { typeof rt ip nexthop; }
  set e38 { typeof socket transparent; }
  chain c {
    frag more-fragments @e1 counter
    rt mtu @e19 counter
    socket mark @e3 counter
    ip6 saddr . meta l4proto . th dport @e34 accept
  }
}
table inet hi {
  set mi { type mark; flags interval; elements = { 0x10-0x20, 0x100 } }
  set ci { typeof meta cpu; flags interval; elements = { 1-3, 9 } }
  set ui { typeof meta skuid; flags interval; elements = { 1000-2000 } }
  set ii { typeof meta iif; flags interval; elements = { "lo", "va" } }
  set zi { typeof ct zone; flags interval; elements = { 1-5 } }
  map mm { typeof ip saddr : meta mark; flags interval; elements = { 10.0.0.0/8 : 0x10 } }
  set hs { typeof meta iif . meta mark; elements = { "lo" . 0x1 } }
  chain c {
    meta mark { 0x10-0x20, 0x30 } accept
    meta cpu { 1-3 } accept
    iif { "lo", "vb" } accept
    ip saddr . iif { 10.0.0.0/8 . "lo" } accept
  }
}
table inet vm {
  map v1 { type ipv4_addr : verdict; elements = { 10.0.0.1 : accept, 10.0.0.2 : jump x } }
  map v2 { type inet_service : verdict; flags interval; elements = { 1-100 : drop } }
  chain x { }
  chain c {
    ip saddr vmap @v1
    tcp dport vmap { 22 : accept, 23 : drop }
  }
}
table ip6 xh {
  chain c {
    frag more-fragments 1 counter
    frag frag-off 100 counter
    frag id 5 counter
    hbh nexthdr tcp counter
    rt type 0 counter
    rt seg-left 2 counter
    mh type 1 counter
    dst hdrlength 2 counter
    frag nexthdr udp counter
    exthdr frag exists counter
    frag reserved2 1 counter
    mh type { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 } counter
    frag frag-off 1000 counter
    frag frag-off != 0 drop
    frag more-fragments 0 frag frag-off 0 drop
    rt hdrlength 4 rt type 2 counter
    mh checksum 5 mh reserved 1 counter
  }
}
table inet tm {
  set d { typeof meta day; elements = { "Friday" } }
  chain c {
    meta day "Monday" counter
    meta hour "17:00" counter
    meta hour "17:00"-"18:30" counter
    meta day { "Sunday", "Saturday" } counter
    meta day @d counter
  }
}
table inet xi {
  chain c {
    frag more-fragments 1 counter
    hbh nexthdr tcp counter
  }
}
table inet hdr {
  chain c {
    udplite csumcov 8 counter
    dccp type request counter
    dccp type { request, response, data, ack, dataack, closereq, close, reset, sync, syncack } counter
    dccp sport 5 dccp dport 6 counter
    ah spi 5 counter
    ah sequence 3 counter
    esp spi 5 esp sequence 7 counter
    comp cpi 5 counter
    igmp type membership-query counter
    igmp type { membership-query, membership-report-v1, membership-report-v2, membership-report-v3, leave-group } counter
    igmp group 5 counter
    igmp mrt 10 counter
  }
}
table inet sx {
  chain pre {
    type filter hook prerouting priority 0;
    osf name "Linux" counter
    osf ttl loose name "Linux" counter
    osf ttl skip version "Linux:3.0" counter
    osf name { "Linux", "Windows" } counter
  }
  chain ips {
    ipsec in reqid 1 counter
    ipsec out ip daddr 1.2.3.4 counter
    ipsec in spnum 1 ip6 saddr ::1 counter
    ipsec in spi 5 counter
    ipsec out ip6 daddr ::2 counter
    ipsec in ip saddr 10.0.0.0/8 counter
  }
}
table inet to {
  chain c {
    tcp option sack left 5 counter
    tcp option sack1 right 5 counter
    tcp option sack3 left 7 counter
    tcp option @99,8,8 5 counter
    tcp option @6,8,8 1
    tcp option md5sig exists
    tcp option fastopen exists
    tcp option md5sig length 1
    tcp option fastopen length 1
    tcp option mptcp length 1
  }
}
table inet sc {
  chain c {
    sctp chunk data exists counter
    sctp chunk init num-inbound-streams 5 counter
    sctp chunk data tsn 5 counter
    sctp chunk data stream 1 counter
    sctp chunk data ssn 2 counter
    sctp chunk data ppid 3 counter
    sctp chunk abort flags 1 counter
    sctp chunk sack cum-tsn-ack 5 counter
    sctp chunk sack a-rwnd 5 counter
    sctp chunk sack num-gap-ack-blocks 1 counter
    sctp chunk sack num-dup-tsns 1 counter
    sctp chunk heartbeat length 8 counter
    sctp chunk asconf seqno 3 counter
    sctp chunk asconf-ack seqno 3 counter
    sctp chunk forward-tsn new-cum-tsn 4 counter
    sctp chunk data type 0 counter
    sctp chunk init init-tag 1 counter
    sctp chunk init-ack a-rwnd 2 counter
    sctp chunk init-ack num-outbound-streams 3 counter
    sctp chunk init initial-tsn 4 counter
    sctp chunk shutdown cum-tsn-ack 6 counter
    sctp chunk ecne lowest-tsn 7 counter
    sctp chunk cwr lowest-tsn 8 counter
    sctp chunk heartbeat-ack exists counter
    sctp chunk shutdown-ack exists counter
    sctp chunk error exists counter
    sctp chunk cookie-echo exists counter
    sctp chunk cookie-ack exists counter
    sctp chunk shutdown-complete exists counter
    sctp chunk init-ack exists counter
  }
}
table inet bo {
  chain c {
    meta mark or 0x3 == 0x7 counter
    meta mark xor 0x3 == 0x7 counter
    ct mark | 0x10 != 0x10 counter
    meta mark & 0xff00 | 0x3 == 0x7 counter
  }
}
table netdev fw {
  chain in {
    type filter hook ingress device "va" priority 0;
    fwd to "vb"
    dup to "vb"
    ip daddr 1.1.1.1 dup to "lo"
    fwd ip to 10.0.0.2 device "vb"
    fwd ip6 to fe80::1 device "vb"
  }
}
table ip dp {
  chain c {
    type filter hook prerouting priority 0;
    dup to 10.0.0.1 device "vb"
    dup to 10.0.0.3
  }
}
table ip6 dp6 {
  chain c {
    type filter hook prerouting priority 0;
    dup to fe80::1 device "vb"
    dup to 2001:db8::1
  }
}
`;

/**
 * Sets declared by typeof (and verdict maps), each as nft text for table `inet rq` and as the same set
 * through linx's `sets.add`: linx must send the bytes nft sends.
 */
export const TYPEOF_REQUESTS: { command: string; spec: Omit<SetSpec, 'family' | 'table'> }[] = [
  { command: 'add set inet rq s1 { typeof ip saddr . tcp dport; }', spec: { name: 's1', typeof: 'ip saddr . tcp dport' } },
  { command: 'add set inet rq s2 { typeof meta mark; }', spec: { name: 's2', typeof: 'meta mark' } },
  { command: 'add set inet rq s3 { typeof ct original ip saddr; }', spec: { name: 's3', typeof: 'ct original ip saddr' } },
  { command: 'add set inet rq s4 { typeof iif; }', spec: { name: 's4', typeof: 'iif' } },
  { command: 'add set inet rq s5 { typeof udp length; }', spec: { name: 's5', typeof: 'udp length' } },
  { command: 'add set inet rq s6 { typeof ip saddr . meta mark; flags interval; }', spec: { name: 's6', typeof: 'ip saddr . meta mark', flags: ['interval'] } },
  { command: 'add set inet rq s7 { typeof ct zone; }', spec: { name: 's7', typeof: 'ct zone' } },
  { command: 'add set inet rq s8 { typeof vlan id; }', spec: { name: 's8', typeof: 'vlan id' } },
  { command: 'add set inet rq s9 { typeof iifname . ip6 daddr; }', spec: { name: 's9', typeof: 'iifname . ip6 daddr' } },
  { command: 'add set inet rq s10 { typeof ct state; comment "c"; }', spec: { name: 's10', typeof: 'ct state', comment: 'c' } },
  { command: 'add set inet rq s11 { typeof meta l4proto . th dport; timeout 10s; }', spec: { name: 's11', typeof: 'meta l4proto . th dport', timeout: 10_000 } },
  { command: 'add set inet rq s12 { typeof ip dscp; }', spec: { name: 's12', typeof: 'ip dscp' } },
  { command: 'add set inet rq s13 { typeof ether saddr . meta cpu; }', spec: { name: 's13', typeof: 'ether saddr . meta cpu' } },
  { command: 'add set inet rq s14 { typeof meta hour; }', spec: { name: 's14', typeof: 'meta hour' } },
  { command: 'add map inet rq m1 { typeof ip saddr : meta mark; }', spec: { name: 'm1', typeof: 'ip saddr', dataTypeof: 'meta mark' } },
  { command: 'add map inet rq m2 { typeof tcp dport : verdict; }', spec: { name: 'm2', typeof: 'tcp dport', dataTypeof: 'verdict' } },
  { command: 'add map inet rq m3 { typeof meta mark : ip daddr . tcp dport; }', spec: { name: 'm3', typeof: 'meta mark', dataTypeof: 'ip daddr . tcp dport' } },
  { command: 'add map inet rq m4 { typeof ct mark : iif; }', spec: { name: 'm4', typeof: 'ct mark', dataTypeof: 'iif' } },
  { command: 'add map inet rq m5 { typeof udp dport : verdict; flags interval; }', spec: { name: 'm5', typeof: 'udp dport', dataType: 'verdict', flags: ['interval'] } },
  { command: 'add map inet rq v1 { type ipv4_addr : verdict; }', spec: { name: 'v1', keyType: 'ipv4_addr', dataType: 'verdict' } },
  { command: 'add map inet rq v2 { type ipv4_addr . inet_service : verdict; flags interval; }', spec: { name: 'v2', keyType: 'ipv4_addr . inet_service', dataType: 'verdict', flags: ['interval'] } },
];

/**
 * A NEWSET payload (hex) as its nfgenmsg and its attributes, each whole in hex, in type order: libnftnl
 * writes NFTA_SET_ID (10) before NFTA_SET_DESC (9), linx's codec in type order; the kernel reads either.
 */
export function newsetAttributes(hex: string): string[] {
  const bytes = Buffer.from(hex, 'hex');
  const attributes: [number, string][] = [];
  for (let at = 4; at + 4 <= bytes.length; ) {
    const length = bytes.readUInt16LE(at);
    attributes.push([bytes.readUInt16LE(at + 2) & 0x3fff, bytes.subarray(at, at + length).toString('hex')]);
    at += (length + 3) & ~3;
  }
  return [bytes.subarray(0, 4).toString('hex'), ...attributes.sort((a, b) => a[0] - b[0]).map(([type, attr]) => `${type}: ${attr}`)];
}
