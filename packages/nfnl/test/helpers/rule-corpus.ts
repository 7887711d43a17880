// Rules as people write them, loaded with `nft -f` in a test namespace: for each, linx's text must be the
// line `nft list ruleset` prints and its JSON the `expr` of nft -j's rule. One rule per line; the tables
// cover every family, and between them every expression linx prints (see rule-text.live.test.ts for the
// ones it does not print yet). Tables `ip t1` and `inet t1` both hold an anonymous set __set0: a rule must
// find its own. `iif "lo"` prints with the interface names given (lo is 1 in a new namespace).
export const RULE_CORPUS = `
table inet ctt {
  chain c {
    ct original ip saddr 10.0.0.1 accept
    meta l4proto tcp ct reply proto-dst 22 accept
    ct l3proto ipv4 accept
    ct protocol tcp accept
    ct bytes > 1000 accept
    ct original packets < 10 accept
    ct avgpkt 100 accept
    ct zone 1 accept
    ct expiration 5s accept
    ct direction reply drop
    ct status assured,confirmed accept
    meta length 100-200 accept
    meta cpu 1 accept
    meta iifgroup 0 accept
    meta skuid 0 accept
    meta secpath exists accept
    meta l4proto ipv6-icmp accept
    meta protocol ip6 accept
    iif "lo" accept
    ip6 nexthdr ipv6-icmp accept
    icmpv6 type { echo-request, nd-neighbor-solicit } accept
    ip dscp { cs0, ef } accept
    udp length 20 accept
  }
}
table inet t5 {
  chain c {
    tcp sport 1 tcp dport 2 accept
    ip ttl 1 ip protocol tcp ip checksum 3 accept
    ether saddr 00:11:22:33:44:55 ether type ip accept
    tcp dport 2 tcp sequence 5 accept
  }
}
table bridge t5b {
  chain c {
    ether daddr 00:11:22:33:44:55 ether saddr 00:11:22:33:44:66 ether type ip accept
    ether saddr 00:11:22:33:44:55 ether type 8021q vlan id 1 vlan type ip
    icmp type echo-request accept
  }
}
table ip t1 {
  chain c {
    tcp dport { 7, 8 } accept
  }
}
table inet t1 {
  set s4 { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 192.168.1.1 } }
  map vm { type inet_service : verdict; elements = { 22 : accept, 80 : drop } }
  chain c {
    type filter hook input priority filter; policy accept;
    ip saddr 10.0.0.0/24 tcp dport { 22, 80 } ct state new counter accept
    ip daddr 192.168.0.1 udp sport 53 drop
    ip6 saddr 2001:db8::/32 tcp flags & (fin|syn|rst|ack) == syn limit rate 10/second accept
    meta iifname "lo" accept
    ct state established,related accept
    ip saddr @s4 log prefix "x: " drop
    tcp dport vmap @vm
    tcp dport 1000-2000 meta mark set 0x10
    ip protocol icmp icmp type echo-request accept
    meta l4proto udp reject
    tcp dport 23 reject with tcp reset
    ct mark 0x1 counter
    ip ttl 64 return
    tcp dport != 22 jump d
  }
  chain d {
  }
  chain n { type nat hook postrouting priority srcnat; masquerade; ip daddr 1.2.3.4 snat ip to 5.6.7.8; }
}
table inet t2 {
  set s6 { type ipv6_addr; flags interval; elements = { 2001:db8::/32, ::1 } }
  set sp { type ipv4_addr . inet_service; elements = { 10.0.0.1 . 22, 10.0.0.2 . 80 } }
  set sm { type mark; elements = { 0x1, 0x2 } }
  set sr { type inet_service; flags interval; elements = { 1-100, 443, 8000-8080 } }
  map mm { type ipv4_addr : mark; elements = { 10.0.0.1 : 0x1 } }
  map dm { type inet_service : ipv4_addr; elements = { 80 : 10.0.0.9 } }
  counter cnt { }
  quota q1 { 100 mbytes }
  chain c {
    type filter hook forward priority 0; policy drop;
    ip saddr 10.0.0.0/20 accept
    ip saddr != 10.1.0.0/16 drop
    ip6 daddr ::1 accept
    ip6 nexthdr tcp accept
    ip dscp cs1 accept
    ip6 dscp ef accept
    ip version 4 accept
    ip ecn ce drop
    ip length 100-200 accept
    ip ttl < 10 drop
    ip ttl > 200 drop
    udp dport { 53, 123, 5353 } accept
    tcp sport != { 1, 2 } drop
    ip saddr . tcp dport @sp accept
    meta mark @sm accept
    tcp dport @sr accept
    tcp dport != @sr drop
    meta mark set ip saddr map @mm
    ip daddr set tcp dport map @dm
    meta oifname "eth*" accept
    meta iifname != "lo" drop
    meta nfproto ipv6 accept
    meta l4proto { tcp, udp } accept
    meta pkttype broadcast drop
    meta mark 0x00000002 accept
    meta mark & 0x000000ff == 0x00000001 accept
    ct state invalid drop
    ct state != established drop
    ct status dnat accept
    ct direction original accept
    ct mark set 0x00000005
    ct mark set meta mark
    meta mark set ct mark
    meta l4proto tcp ct original proto-dst 22 accept
    tcp flags syn accept
    tcp flags & (syn|ack) == syn|ack accept
    icmp type { echo-request, echo-reply } accept
    icmpv6 type nd-neighbor-solicit accept
    icmp code 3 drop
    limit rate 5/minute accept
    limit rate over 10/second burst 20 packets drop
    limit rate 1 mbytes/second accept
    limit rate over 100 kbytes/second burst 1000 bytes drop
    log
    log prefix "hi " level info
    log group 5 prefix "grp"
    log level debug flags all
    quota 10 mbytes accept
    quota over 1000 mbytes drop
    counter name "cnt"
    quota name "q1" accept
    reject with icmpx admin-prohibited
    ip protocol tcp reject with tcp reset
    notrack
    continue
    goto d
    tcp dport 22 counter accept comment "ssh in"
    th dport 9 accept
    @nh,96,32 0x0a000001 accept
    ether saddr 00:11:22:33:44:55 accept
    ether type arp accept
    meta l4proto udp udp dport 53 accept
    ip saddr 10.0.0.1 ip daddr 10.0.0.2 tcp sport 1024-65535 tcp dport 22 ct state new,established counter accept
  }
  chain d {
    tcp dport vmap { 22 : accept, 23 : drop, 80 : jump e }
    ip saddr vmap { 10.0.0.0/8 : accept, 192.168.0.0/16 : drop }
  }
  chain e { }
  chain pre { type nat hook prerouting priority dstnat; policy accept;
    tcp dport 8080 dnat ip to 10.0.0.2:80
    tcp dport 8081 dnat ip to 10.0.0.2-10.0.0.5
    tcp dport 8082 redirect to :80
    tcp dport 8083 dnat ip6 to [2001:db8::1]:80
    meta nfproto ipv4 tcp dport 8084 redirect
  }
  chain post { type nat hook postrouting priority srcnat; policy accept;
    masquerade random
    meta l4proto tcp oifname "x" masquerade to :1024-2048
    ip saddr 10.0.0.0/8 snat ip to 1.2.3.4 persistent
    ip daddr 1.1.1.1 tcp sport 1 snat ip to 1.2.3.4:1000-2000 fully-random
  }
}
table ip t4 {
  chain c { type filter hook input priority 0;
    ip saddr 1.2.3.4 accept
    tcp dport 22 accept
    icmp type echo-request accept
    reject
    reject with icmp host-unreachable
    ip protocol udp reject with icmp port-unreachable
    ip saddr 1.2.3.4 reject with tcp reset
  }
  chain n { type nat hook postrouting priority 100; snat to 1.2.3.4; }
}
table ip6 t6 {
  chain c { type filter hook input priority 0;
    ip6 saddr fe80::/10 accept
    icmpv6 type echo-request accept
    reject
    reject with icmpv6 admin-prohibited
    reject with tcp reset
  }
}
table bridge tb {
  chain c { type filter hook forward priority 0;
    ether type ip6 accept
    ip saddr 1.2.3.4 accept
    vlan id 10 accept
    vlan id 5 ip saddr 1.2.3.4 accept
    arp operation reply accept
    ip6 saddr ::1 drop
    ether daddr ff:ff:ff:ff:ff:ff drop
  }
}
table netdev tn {
  chain c { type filter hook ingress device lo priority 0;
    ip daddr 1.2.3.4 drop
    ether saddr 00:11:22:33:44:55 drop
  }
}
table inet t7 {
  chain c {
    meta nfproto ipv6 reject with icmpv6 no-route
    meta nfproto ipv4 reject with icmp net-unreachable
    meta nfproto ipv4 reject
    meta nfproto ipv6 reject
    meta nfproto ipv4 reject with tcp reset
    meta nfproto ipv4 meta l4proto tcp reject with tcp reset
    meta nfproto ipv4 reject with icmpx admin-prohibited
    ct event set new,destroy
    ct event set new
    ct label 1 accept
    ct label 127 accept
    meta mark 0x00000001-0x00000005 accept
    ct mark != 0x00000001-0x00000005 accept
    ct expiration < 10s accept
    meta random > 5 accept
    iifgroup 1-5 accept
    meta priority 1:2-1:5 accept
    meta skuid 1000-2000 accept
    ct zone 1-4 accept
    icmp id 1 accept
    rt mtu > 1000 accept
    ip saddr 0.0.0.0/0 accept
    tcp flags & syn == syn accept
    ct status & dnat == dnat accept
    ct state & established == established accept
    meta iifname { "eth*", "lo" } accept
    meta iifname { "lo", "eth0" } accept
    meta mark set meta mark | 0x10
    ct mark set ct mark & 0xffff
    ct mark set meta mark & 0xff
    meta mark set meta mark ^ 0x3
    meta mark set meta mark & 0xff00 | 0x5
    numgen inc mod 2 vmap { 0 : jump d, 1 : accept }
    meta mark { 0x100, 0x1 } accept
    ct zone { 256, 1 } accept
    meta skuid { 1000, 1 } accept
  }
  chain d {
  }
}
table inet t3 {
  ct helper fh { type "ftp" protocol tcp; l3proto inet; }
  ct timeout cto { protocol tcp; l3proto ip; policy = { established: 100, close: 4 }; }
  ct expectation cex { protocol tcp; dport 21; timeout 1m; size 12; l3proto ip; }
  synproxy spx { mss 1460; wscale 7; timestamp sack-perm; }
  set dyn { type ipv4_addr; flags dynamic,timeout; timeout 1m; }
  set dyn2 { type ipv4_addr; size 65535; flags dynamic; }
  chain c {
    tcp dport != 1000-2000 accept
    fib daddr type local accept
    fib saddr . iif oif missing drop
    fib daddr . iif type != { local, broadcast } drop
    rt classid 10 accept
    meta mark set numgen inc mod 2
    meta mark set numgen random mod 10 offset 5
    meta mark set jhash ip saddr mod 4
    meta mark set symhash mod 2 offset 100
    meta mark set jhash ip saddr . tcp dport mod 8 seed 0xdeadbeef offset 1
    socket transparent 1 accept
    socket mark 0x00000005 accept
    ct count over 10 drop
    ct count 5 accept
    add @dyn { ip saddr }
    update @dyn { ip saddr timeout 30s }
    add @dyn2 { ip saddr limit rate 10/second }
    delete @dyn { ip saddr }
    tcp option maxseg size 1400 accept
    tcp option sack-perm exists accept
    exthdr hbh exists accept
    tcp option maxseg size set 1360
    ip dscp set cs1
    ip ttl set 64
    meta priority set 1:2
    ct zone set 3
    meta nftrace set 1
    meta l4proto tcp tproxy ip to 127.0.0.1:1234
    ct helper set "fh"
    ct timeout set "cto"
    ct expectation set "cex"
    synproxy name "spx"
    tcp dport 80 synproxy mss 1460 wscale 7 timestamp sack-perm
    tcp dport 81 synproxy mss 1400 wscale 2 sack-perm
    ct label set 1
    log flags ip options flags skuid flags ether
    log level debug flags tcp sequence,options
    ct mark set meta mark
    tcp sport 1 tcp dport 2 ct count over 3 quota over 10 mbytes used 1 mbytes drop
  }
}
table arp ta {
  chain c { type filter hook input priority 0;
    arp operation request accept
    arp htype 1 arp ptype ip accept
    arp hlen 6 arp plen 4 accept
  }
}
table inet t8 {
  chain c {
    socket wildcard 0 accept
    socket transparent 0 drop
    meta l4proto tcp tproxy to :1234
    meta l4proto tcp tproxy ip6 to [::1]:1234
    meta l4proto tcp tproxy ip6 to [::1]
    meta l4proto udp tproxy ip to 1.2.3.4
    exthdr frag missing accept
    tcp option window count 5 accept
    tcp option timestamp tsval 1 accept
    tcp option sack-perm missing drop
    meta mark set jhash ip saddr mod 4 offset 2
    meta mark set jhash ip saddr mod 4 seed 0x5
    meta mark set symhash mod 3
    meta mark set numgen random mod 5
    ct count over 1 drop
    log prefix "a" group 1 snaplen 64 queue-threshold 2
    log flags tcp options
    log flags ether
    log level emerg
    quota 1000 bytes
    quota over 2048 kbytes used 1024 bytes
    limit rate over 5/day burst 1 packets
    limit rate 10 kbytes/minute burst 2048 bytes
    limit rate 1 mbytes/hour
    limit rate 7/week
  }
  chain n {
    type nat hook postrouting priority 100;
    snat ip to 10.0.0.0/8
    snat ip to 10.0.0.1-10.0.0.9 persistent,random
    meta l4proto tcp masquerade to :1000
    masquerade random,persistent
    meta l4proto tcp masquerade to :1000-2000 fully-random
    meta l4proto tcp snat ip6 to [::1]:80-90
    snat ip6 to ::1-::5
  }
  chain p {
    type nat hook prerouting priority -100;
    meta l4proto udp redirect to :53
    redirect
    meta l4proto tcp redirect to :80-90 random
  }
}
`;

/**
 * Tables, chains (every priority form: names, names with offsets, numbers; devices), sets and maps of every
 * kind with their elements, objects and comments, for the whole-ruleset text. (Its timeout set's element
 * lists a time left, which moves: the test masks it.)
 */
export const RULESET_CORPUS = `
table inet ob {
  limit l3 { rate 5/minute burst 10 packets; }
  ct helper fh { type "ftp" protocol tcp; l3proto inet; }
  ct helper fh6 { type "sip" protocol udp; l3proto ip6; }
  counter c1 { packets 5 bytes 10; }
  quota q2 { 25 mbytes; }
  limit l2 { rate over 1 mbytes/second burst 5 kbytes; }
}
table inet rs {
  comment "a table"
  flags dormant
  counter cnt { comment "c1"; }
  quota q1 { over 100 mbytes used 10 mbytes }
  limit l1 { rate 10/second }
  set s1 { type ipv4_addr; comment "set c"; }
  set s2 { type inet_service; flags interval, timeout; timeout 1h; gc-interval 30s; size 100; policy memory; elements = { 1-100 } }
  set s3 { type ipv4_addr; counter; elements = { 1.2.3.4 } }
  map m1 { type ipv4_addr . inet_service : verdict; flags interval; elements = { 10.0.0.0/8 . 22 : accept } }
  map om { type ipv4_addr : counter; elements = { 1.2.3.4 : "cnt" } }
  chain a { type filter hook input priority filter + 5; policy drop; comment "chain c"; }
  chain b { type filter hook prerouting priority -150; }
  chain c { type nat hook prerouting priority dstnat; }
  chain d { type nat hook output priority -100; }
  chain e { type filter hook output priority 3000; }
  chain f { type route hook output priority mangle - 3; }
  chain g { type filter hook forward priority raw; }
  chain h { type nat hook input priority 100; }
  chain i { type filter hook postrouting priority 100; }
  chain j { }
  chain k { comment "regular"; counter; }
}
table bridge br {
  chain a { type filter hook forward priority filter; }
  chain b { type filter hook prerouting priority -300; }
}
table netdev nd {
  chain a { type filter hook ingress devices = { lo } priority 0; }
}
table arp ar {
  chain a { type filter hook input priority 0; }
}
table inet p {
  chain a { type filter hook input priority 10; }
  chain b { type filter hook input priority 11; }
  chain c { type filter hook input priority -10; }
  chain d { type filter hook input priority 25; }
  chain e { type filter hook input priority -200; }
  chain f { type filter hook input priority 75; }
  chain g { type filter hook input priority 49; }
  chain h { type filter hook input priority -400; }
  chain i { type filter hook input priority 200; }
  chain j { type nat hook postrouting priority 110; }
  chain k { type filter hook input priority -90; }
}
table bridge pb {
 chain a { type filter hook input priority -190; }
 chain b { type filter hook output priority 100; }
 chain c { type filter hook postrouting priority 300; }
 chain d { type filter hook input priority 300; }
}
`;

/**
 * Rules as text for the compiler, each `kind|rule`: the kind says the table's family and chain hook (nat
 * rules in nat chains). Every one is added once by `nft` and once by linx from the same text; the kernel
 * must then hold the same expressions for both.
 */
export const COMPILE_CORPUS: [kind: string, rule: string][] = [
  ['inet', 'ip saddr 10.0.0.0/24 tcp dport 22 ct state new counter accept'],
  ['inet', 'ip saddr 10.0.0.0/20 drop'],
  ['inet', 'ip saddr != 10.1.0.0/16 drop'],
  ['inet', 'ip daddr 192.168.0.1 udp sport 53 drop'],
  ['inet', 'ip6 saddr 2001:db8::/32 tcp flags syn / fin,syn,rst,ack limit rate 10/second accept'],
  ['inet', 'tcp flags syn accept'],
  ['inet', 'iifname "lo" accept'],
  ['inet', 'oifname "eth*" accept'],
  ['inet', 'meta iifname != "lo" drop'],
  ['inet', 'ct state established,related accept'],
  ['inet', 'ct state != established drop'],
  ['inet', 'ct state invalid drop'],
  ['inet', 'tcp dport 1000-2000 meta mark set 0x00000010'],
  ['inet', 'tcp dport != 1000-2000 accept'],
  ['inet', 'ip protocol icmp icmp type echo-request accept'],
  ['inet', 'icmp type echo-request accept'],
  ['inet', 'icmpv6 type nd-neighbor-solicit accept'],
  ['inet', 'meta l4proto udp reject'],
  ['inet', 'tcp dport 23 reject with tcp reset'],
  ['inet', 'reject with tcp reset'],
  ['inet', 'reject with icmpx admin-prohibited'],
  ['inet', 'ct mark 0x00000001 counter'],
  ['inet', 'ip ttl 64 return'],
  ['inet', 'ip ttl < 10 drop'],
  ['inet', 'tcp dport != 22 jump d'],
  ['inet', 'tcp dport { 22, 80, 443 } accept'],
  ['inet', 'tcp sport != { 1, 2 } drop'],
  ['inet', 'icmp type { echo-request, echo-reply } accept'],
  ['inet', 'meta l4proto { tcp, udp } accept'],
  ['inet', 'ip saddr @s4 log prefix "x: " drop'],
  ['inet', 'ip saddr != @s4 drop'],
  ['inet', 'meta mark 0x00000002 accept'],
  ['inet', 'meta nfproto ipv6 accept'],
  ['inet', 'meta pkttype broadcast drop'],
  ['inet', 'ct status dnat accept'],
  ['inet', 'ct direction original accept'],
  ['inet', 'ct mark set 0x00000005'],
  ['inet', 'ip dscp cs1 accept'],
  ['inet', 'ip6 dscp ef accept'],
  ['inet', 'ip version 4 accept'],
  ['inet', 'limit rate 5/minute accept'],
  ['inet', 'limit rate over 10/second burst 20 packets drop'],
  ['inet', 'limit rate 1 mbytes/second accept'],
  ['inet', 'limit rate over 100 kbytes/second burst 1000 bytes drop'],
  ['inet', 'log'],
  ['inet', 'log prefix "hi " level info'],
  ['inet', 'log group 5 prefix "grp"'],
  ['inet', 'notrack'],
  ['inet', 'continue'],
  ['inet', 'goto d'],
  ['inet', 'tcp dport 22 counter accept comment "ssh in"'],
  ['inet', 'ip saddr 10.0.0.1 ip daddr 10.0.0.2 tcp sport 1024-65535 tcp dport 22 ct state new,established counter accept'],
  ['inet', 'meta l4proto udp udp dport 53 accept'],
  ['ip', 'ip saddr 1.2.3.4 accept'],
  ['ip', 'tcp dport 22 accept'],
  ['ip', 'icmp type echo-request accept'],
  ['ip', 'reject'],
  ['ip', 'reject with icmp host-unreachable'],
  ['ip6', 'ip6 saddr fe80::/10 accept'],
  ['ip6', 'reject'],
  ['ip6', 'reject with icmpv6 admin-prohibited'],
  ['bridge', 'ip saddr 1.2.3.4 accept'],
  ['bridge', 'ether type ip6 accept'],
  ['bridge', 'ether daddr ff:ff:ff:ff:ff:ff drop'],
  ['netdev', 'ip daddr 1.2.3.4 drop'],
  ['inetnat', 'masquerade'],
  ['inetnat', 'masquerade random'],
  ['inetnat', 'meta l4proto tcp masquerade to :1024-2048'],
  ['inetnat', 'ip saddr 10.0.0.0/8 snat ip to 1.2.3.4 persistent'],
  ['inetnat', 'ip daddr 1.1.1.1 tcp sport 1 snat ip to 1.2.3.4:1000-2000 fully-random'],
  ['inetpre', 'tcp dport 8080 dnat ip to 10.0.0.2:80'],
  ['inetpre', 'tcp dport 8081 dnat ip to 10.0.0.2-10.0.0.5'],
  ['inetpre', 'tcp dport 8082 redirect to :80'],
  ['inetpre', 'tcp dport 8083 dnat ip6 to [2001:db8::1]:80'],
  ['inet', 'ip saddr { 10.0.0.0/8, 192.168.1.1 } accept'],
  ['inet', 'ip saddr != { 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 } drop'],
  ['inet', 'tcp dport { 1-100, 443, 8000-8080 } accept'],
  ['inet', 'tcp dport { 0-10, 65000-65535 } drop'],
  ['inet', 'tcp dport vmap { 22 : accept, 23 : drop, 80 : jump d }'],
  ['inet', 'ip saddr vmap { 10.0.0.0/8 : accept, 192.168.0.0/16 : drop }'],
  ['inet', 'meta l4proto vmap { tcp : jump d, udp : accept }'],
  ['inet', 'ip saddr . tcp dport @sp accept'],
  ['inet', 'ip saddr . tcp dport { 10.0.0.1 . 22, 10.0.0.2 . 80 } accept'],
  ['inet', 'ip6 saddr . tcp dport . iifname @s6 drop'],
  ['inet', 'meta mark set ip saddr map @mm'],
  ['inet', 'meta mark set ip saddr map { 10.0.0.1 : 0x1, 10.0.0.2 : 0x2 }'],
  ['inet', 'ip ttl set 64'],
  ['inet', 'ip dscp set cs1'],
  ['inet', 'ip daddr set 1.2.3.4'],
  ['inet', 'tcp dport set 80'],
  ['inet', 'udp sport set 53'],
  ['inet', 'ip6 hoplimit set 1'],
  ['inet', 'counter name "cnt"'],
  ['inet', 'quota name "q1" accept'],
  ['inet', 'quota 10 mbytes accept'],
  ['inet', 'quota over 1000 mbytes drop'],
  ['inet', 'ct count over 10 drop'],
  ['inet', 'ct count 5 accept'],
  ['inet', 'add @dyn { ip saddr }'],
  ['inet', 'update @dyn { ip saddr timeout 30s }'],
  ['inet', 'delete @dyn { ip saddr }'],
  ['inet', 'add @dyn2 { ip saddr limit rate 10/second }'],
  ['inet', 'update @dyn2 { ip saddr counter }'],
  ['inet', 'fib daddr type local accept'],
  ['inet', 'fib saddr . iif oif missing drop'],
  ['inet', 'fib daddr . iif type != { local, broadcast } drop'],
  ['bridge', 'vlan id 10 accept'],
  ['bridge', 'vlan id 10 vlan pcp 3 drop'],
  ['bridge', 'ether saddr 00:11:22:33:44:55 ether type ip accept'],
  ['bridge', 'tcp dport 22 accept'],
  ['bridge', 'icmp type echo-request accept'],
  ['inet', 'ether saddr 00:11:22:33:44:55 accept'],
  ['inet', 'ether type arp accept'],
  ['ip', 'ether saddr 00:11:22:33:44:55 accept'],
  ['netdev', 'udp dport 53 drop'],
  ['netdev', 'ip6 daddr ::1 drop'],
  ['bridge', 'ether daddr 00:11:22:33:44:55 ether saddr 00:11:22:33:44:66 ether type ip accept'],
  ['inet', 'tcp sport 1 tcp dport 2 accept'],
  ['inet', 'udp sport 53 udp dport 53 accept'],
  ['inet', 'ip ttl 1 ip protocol 6 accept'],
  ['inet', 'ip length 20 ip id 3 accept'],
  ['inet', 'tcp dport 2 tcp sequence 5 accept'],
  ['inet', 'ip saddr 10.0.0.1 ip daddr 10.0.0.2 accept'],
  ['inet', 'tcp sequence 1 tcp ackseq 2 accept'],
  ['inet', 'ip ttl 1 ip protocol 6 ip checksum 3 accept'],
  ['bridge', 'vlan id 1 vlan type ip'],
  ['bridge', 'ether saddr 00:11:22:33:44:55 ether type vlan vlan id 1'],
  ['bridge', 'ether type ip ip ttl 1'],
  ['netdev', 'icmp type echo-request accept'],
  ['inet', 'meta nftrace set 1'],
  ['inet', 'ct zone set 3'],
  ['inet', 'meta priority set 1:2'],
  ['inet', 'meta mark set 0x10 ct mark set meta mark'],
  ['inet', 'ct helper set "fh"'],
  ['inet', 'log flags all'],
  ['inet', 'log level debug flags tcp sequence,options'],
  ['inet', 'ct label set 1'],
  ['inet', 'log flags ip options flags skuid flags ether'],
  ['inet', 'log flags tcp options'],
  ['inet', 'rt classid 10 accept'],
  ['inet', 'meta mark set numgen inc mod 2'],
  ['inet', 'meta mark set numgen random mod 10 offset 5'],
  ['inet', 'meta mark set jhash ip saddr mod 4'],
  ['inet', 'meta mark set symhash mod 2 offset 100'],
  ['inet', 'meta mark set jhash ip saddr . tcp dport mod 8 seed 0xdeadbeef offset 1'],
  ['inet', 'socket transparent 1 accept'],
  ['inet', 'socket mark 0x00000005 accept'],
  ['inet', 'tcp option maxseg size 1400 accept'],
  ['inet', 'tcp option sack-perm exists accept'],
  ['inet', 'exthdr hbh exists accept'],
  ['inet', 'tcp dport 80 ct state invalid,untracked synproxy mss 1460 wscale 7 timestamp sack-perm'],
  ['inet', 'synproxy'],
  ['inet', 'tcp dport 81 synproxy sack-perm'],
  ['inet', 'synproxy wscale 0 mss 536'],
  ['inet', 'ct state new exthdr hbh exists accept'],
  ['inet', 'counter exthdr frag exists'],
  ['inetpre', 'meta l4proto tcp tproxy ip to 127.0.0.1:1234'],
  ['inet', 'rt ip nexthop 10.0.0.1 accept'],
  ['inet', 'tcp option maxseg size set 1360'],
  ['inet', 'ct original ip saddr 10.0.0.1 accept'],
  ['inet', 'meta l4proto tcp ct reply proto-dst 22 accept'],
  ['inet', 'ct l3proto ipv4 accept'],
  ['inet', 'ct protocol tcp accept'],
  ['inet', 'ct bytes > 1000 accept'],
  ['inet', 'ct original packets < 10 accept'],
  ['inet', 'ct avgpkt 100 accept'],
  ['inet', 'ct zone 1 accept'],
  ['inet', 'ct direction reply drop'],
  ['inet', 'ct status assured,confirmed accept'],
  ['inet', 'meta length 100-200 accept'],
  ['inet', 'meta cpu 1 accept'],
  ['inet', 'meta skuid 0 accept'],
  ['inet', 'meta secpath exists accept'],
  ['inet', 'meta l4proto ipv6-icmp accept'],
  ['inet', 'ip6 nexthdr ipv6-icmp accept'],
  ['inet', 'icmpv6 type { echo-request, nd-neighbor-solicit } accept'],
  ['inet', 'udp length 20 accept'],
  ['inet', 'meta length != 100-200 accept'],
  ['inet', 'meta mark set ip saddr map { 10.0.0.0/8 : 0x1, 192.168.1.1 : 0x2 }'],
  ['inet', 'meta mark set tcp dport map { 1-100 : 0x1, 443 : 0x2 }'],
  ['inet', 'ct label 1 accept'],
  ['inet', 'ct event set new,destroy'],
  ['inet', 'meta random > 5 accept'],
  ['inetnat', 'rt mtu > 1000 accept'],
  ['inetnat', 'rt mtu 1400 accept'],
  ['inet', 'ip saddr 0.0.0.0/0 accept'],
  ['inet', 'icmp id 1 accept'],
  ['inet', 'icmpv6 sequence 3 accept'],
  ['netdev', 'ether saddr 00:11:22:33:44:55 drop'],
  ['netdev', 'vlan id 10 drop'],
  ['inet', 'meta nfproto ipv6 reject'],
  ['inet', 'meta nfproto ipv4 reject'],
  ['inet', 'reject with icmp host-unreachable'],
  ['inet', 'meta skuid 1000-2000 accept'],
  ['inet', 'meta mark 0x00000001-0x00000005 accept'],
  ['inet', 'iifgroup 1-5 accept'],
  ['inet', 'ip saddr != { 1.1.1.1 } accept'],
  ['inet', 'tcp dport { 22 } accept'],
  ['inet', 'ip saddr { 10.0.0.0/8 } accept'],
  // th: the ports of any transport protocol.
  ['inet', 'th dport 53 accept'],
  ['inet', 'meta l4proto { tcp, udp } th dport 53 accept'],
  ['inet', 'th dport { 53, 80 } accept'],
  ['inet', 'th dport 1-100 drop'],
  ['inet', 'th dport set 53'],
  // Masks in matches.
  ['inet', 'meta mark & 0xff == 0x10 accept'],
  ['inet', 'ct mark & 0x0000ffff == 0x1 accept'],
  ['inet', 'ip saddr & 255.255.0.0 == 10.1.0.0 accept'],
  ['inet', 'ip saddr & 255.255.0.0 != 10.1.0.0 drop'],
  ['inet', 'meta mark & 0xff 0x10 accept'],
  ['inet', 'meta mark & 0xff { 0x1, 0x2 } accept'],
  ['inet', 'meta mark & 0xff 1-5 accept'],
  ['inet', 'meta mark & 0xff vmap { 1 : accept, 2 : drop }'],
  ['inet', 'ct state & established == established accept'],
  ['inet', 'tcp dport & 0xff00 == 0x100 accept'],
  ['inet', 'ct mark & 0xffff0000 == 0x10000 accept'],
  ['inet', 'ct mark & 0xffffffff == 0x5 accept'],
  ['inet', 'ip saddr & 255.255.255.255 == 1.2.3.4 accept'],
  ['inet', 'ct zone & 0xff00 == 0x100 accept'],
  ['inet', 'meta mark 0x00010000/16 accept'],
  ['inet', 'meta mark != 0x10000/16 accept'],
  ['inet', 'ct mark 0x80000000/1 accept'],
  ['inet', 'meta mark { 0x10000/16, 5 } accept'],
  ['inet', 'ip saddr . tcp dport { 1.1.1.1 . 6, 1.1.1.2 . 5 } accept'],
  ['inet', 'ip saddr . tcp dport { 10.0.0.0/8 . 22-25, 192.168.1.1 . 80 } accept'],
  ['inet', 'ip saddr . tcp dport { 10.0.0.1 . 22-25 } accept'],
  ['inet', 'meta mark . ip saddr { 1-5 . 10.0.0.1, 7 . 10.0.0.0/8 } accept'],
  ['inet', 'ip saddr . meta mark { 10.0.0.1 . 1-5 } accept'],
  ['inet', 'meta skuid . ip saddr { 0-100 . 10.0.0.1 } accept'],
  ['inet', 'iifname . ip saddr { "lo" . 10.0.0.0/8 } accept'],
  ['inet', 'ip6 saddr . tcp dport != { 2001:db8::/32 . 1-1024 } drop'],
  ['inet', 'ip saddr . ip daddr { 10.0.0.0/24 . 10.1.0.0/16, 10.2.0.1 . 10.3.0.0/16 } accept'],
  ['inet', 'ip saddr . ip daddr { 1.0.0.1 . 2.0.0.9, 1.0.0.9 . 2.0.0.1, 1.0.0.5 . 2.0.0.5 } accept'],
  ['inet', 'ip saddr . tcp dport { 1.1.1.2 . 1, 1.1.1.1 . 256 } accept'],
  // Marks changed bit by bit.
  ['inet', 'meta mark set mark or 0x10'],
  ['inet', 'ct mark set ct mark or 0x2'],
  ['inet', 'meta mark set meta mark and 0x10'],
  ['inet', 'meta mark set meta mark xor 0x10'],
  ['inet', 'ct mark set meta mark and 0xffff0000 or 0x5'],
  ['inet', 'meta mark set ct mark | 0x1'],
  // Generated values looked up.
  ['inet', 'numgen inc mod 2 vmap { 0 : jump d, 1 : accept }'],
  ['inet', 'numgen random mod 2 offset 5 vmap { 5 : jump d, 6 : drop }'],
  ['inet', 'jhash ip saddr mod 2 vmap { 0 : jump d, 1 : accept }'],
  ['inet', 'jhash ip saddr mod 2 seed 0x1 offset 3 vmap { 3 : accept, 4 : drop }'],
  ['inet', 'jhash ip saddr mod 2 seed 1 offset 3 vmap { 3 : accept, 4 : drop }'],
  ['inet', 'symhash mod 2 vmap { 0 : accept, 1 : drop }'],
  ['inet', 'symhash mod 2 offset 7 vmap { 7 : accept, 8 : drop }'],
  ['inet', 'jhash ip saddr . tcp dport mod 4 vmap { 0 : accept, 1-3 : drop }'],
  ['inet', 'numgen inc mod 2 0 accept'],
  ['inet', 'numgen inc mod 4 { 0, 1 } accept'],
  ['inet', 'meta mark set numgen inc mod 2 map { 0 : 0x10, 1 : 0x20 }'],
  ['inetpre', 'dnat ip to numgen inc mod 2 map { 0 : 10.0.0.1, 1 : 10.0.0.2 }'],
  ['inetpre', 'dnat ip to jhash ip saddr mod 2 map { 0 : 10.0.0.1, 1 : 10.0.0.2 }'],
  ['inetpre', 'dnat ip to symhash mod 2 offset 1 map { 1 : 10.0.0.1, 2 : 10.0.0.2 }'],
  ['inetpre', 'dnat ip to ip saddr map { 10.0.0.1 : 10.0.0.2, 10.0.1.0/24 : 10.0.0.3 }'],
  // Conntrack expiration times (milliseconds in host order; ranges and intervals compared in network order).
  ['inet', 'ct expiration 30s accept'],
  ['inet', 'ct expiration 30 accept'],
  ['inet', 'ct expiration 1h30m accept'],
  ['inet', 'ct expiration 1m-2m accept'],
  ['inet', 'ct expiration != 1m-2m accept'],
  ['inet', 'ct expiration < 10s accept'],
  ['inet', 'ct expiration { 30s, 1m } accept'],
  ['inet', 'ct expiration { 30s-1m, 2m } accept'],
  // Host-order intervals; adjacent and overlapping intervals.
  ['inet', 'meta mark { 1-5, 10 } accept'],
  ['inet', 'tcp dport { 1-2, 3-4 } accept'],
  ['inet', 'tcp dport { 1-5, 3-8, 10 } accept'],
  ['inet', 'tcp dport vmap { 1-2 : accept, 3-4 : drop }'],
  ['inet', 'tcp dport vmap { 1 : accept, 2-4 : drop, 5 : accept }'],
  // Header fields nft merges into one load, wherever they are in the rule.
  ['inet', 'icmp type echo-request icmp sequence 1 icmp id 2 accept'],
  ['inet', 'icmp sequence 1 icmp id 2 accept'],
  ['inet', 'tcp dport 2 ct state new tcp sport 1 accept'],
  ['inet', 'tcp dport 2 counter tcp sport 1 accept'],
  ['inet', 'ip checksum 13 counter ip protocol 6 accept'],
  ['inet', 'ip frag-off 36 ip checksum 13 counter ip protocol 6 accept'],
  ['inet', 'ip ttl 1 tcp dport 2 ip protocol 6 accept'],
  ['inet', 'ip checksum 3 meta mark 5 ip protocol 6 ct mark 7 ip ttl 1 accept'],
  ['inet', 'tcp sport 1 tcp dport != 2 tcp sequence 3 accept'],
  ['inet', 'th dport 53 th sport 1 accept'],
  ['inet', 'ip protocol 6 meta mark 1 ip ttl 1 accept'],
  ['inet', 'ip6 hoplimit 1 meta mark 1 ip6 nexthdr 6 accept'],
  ['inet', 'ip id 1 ip length 2 accept'],
  ['inet', 'tcp sport 1 ip ttl 1 tcp dport 2 ip protocol 6 tcp sequence 3 accept'],
  ['bridge', 'ether type ip meta mark 1 ether saddr 00:11:22:33:44:55 accept'],
  ['inet', 'tcp sport 1 tcp sport != 5 tcp dport 2 accept'],
  ['inet', 'ip ttl < 5 ip protocol 6 ip checksum 1 accept'],
  ['inet', 'meta mark set meta mark map { 1-5 : 0x1, 6 : 0x2 }'],
  ['inet', 'ct expiration vmap { 1m-2m : accept, 5m : drop }'],
  ['inet', 'meta mark & 0xff vmap { 1-5 : accept }'],
  ['inet', 'meta l4proto { tcp, udp } th sport { 1, 2 } th dport 53 accept'],
  ['bridge', 'vlan type arp accept'],
  ['bridge', 'vlan type ip vlan id 1 accept'],
  ['bridge', 'ether saddr 00:11:22:33:44:55 vlan type ip vlan id 2 accept'],
  ['netdev', 'vlan type ip6 drop'],
  ['bridge', 'ether saddr 00:11:22:33:44:55 vlan id 1 accept'],
  ['bridge', 'ether saddr 00:11:22:33:44:55 icmp type echo-request accept'],
  ['bridge', 'vlan type ip ether saddr 00:11:22:33:44:55 accept'],
  ['bridge', 'ether type ip ether saddr 00:11:22:33:44:55 accept'],
  // Meta keys nft reads without `meta`.
  ['inet', 'mark 0x1 accept'],
  ['inet', 'skuid 0 accept'],
  ['inet', 'cpu 1 accept'],
  ['inet', 'pkttype host accept'],
];

