// `linx nft` against nft (nftables 1.0.6) in a network namespace of this file's own: a ruleset loaded
// with `nft -f` is listed as `nft list ruleset|tables|table|chain` lists it, `-j` as nft -j writes it,
// and `linx nft monitor` prints the lines `nft monitor` prints for the same commits. Only this namespace
// is touched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, runOrThrow, traceNetlink, type TestNetns } from '@linx/test-kit';
import { parseMessages } from '@linx/netlink-wire';
import { BIN, linx, linxJson, linxOk } from './helpers/linx.js';

const RULESET = `
table inet t {
  set allowed { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 192.168.1.1 } }
  chain input {
    type filter hook input priority filter; policy drop;
    ct state established,related accept
    iifname "lo" accept
    ip saddr @allowed tcp dport { 22, 443 } counter accept
    ip6 nexthdr icmpv6 accept
    jump extra
  }
  chain extra {
    udp dport 53 accept comment "dns"
  }
}
table ip nat {
  chain post {
    type nat hook postrouting priority srcnat + 1; policy accept;
    oifname "v0" masquerade
  }
}
`;

describe.skipIf(kernelSkipReason(['ip', 'nft']))('linx nft, compared with nft', () => {
  let ns: TestNetns;
  const nft = (...args: string[]) => runOrThrow(['ip', 'netns', 'exec', ns.name, 'nft', ...args]);
  const children: ChildProcess[] = [];
  const load = (text: string) => {
    const result = spawnSync('ip', ['netns', 'exec', ns.name, 'nft', '-f', '-'], { input: text, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`nft -f: ${result.stderr}`);
  };

  beforeAll(() => {
    ns = createTestNetns('linx-cli');
    load(RULESET);
  });
  afterAll(() => {
    for (const child of children) child.kill();
    ns?.remove();
  });

  it.each([[['ruleset']], [['ruleset', 'ip']], [['tables']], [['table', 'inet', 't']], [['chain', 'inet', 't', 'input']], [['chain', 'ip', 'nat', 'post']]])('linx nft list %j prints what nft list prints', (args) => {
    const ours = linxOk('-n', ns.name, 'nft', 'list', ...args);
    expect(ours.length).toBeGreaterThan(0);
    expect(ours).toBe(nft('list', ...args));
  });

  it.each([[['ruleset']], [['tables']], [['table', 'inet', 't']]])("-j list %j is nft -j's, object for object (metainfo aside: nft names its version)", (args) => {
    const theirs = JSON.parse(nft('-j', 'list', ...args)).nftables as Record<string, unknown>[];
    const ours = linxJson('-n', ns.name, 'nft', 'list', ...args).nftables as Record<string, unknown>[];
    expect(ours[0]).toEqual({ metainfo: { json_schema_version: 1 } });
    expect(ours.slice(1)).toEqual(theirs.slice(1));
    expect(ours.length).toBeGreaterThan(1);
  });

  it('interface indexes print by name as nft prints them; the links are dumped only when the ruleset has such a value', () => {
    // RTM_GETLINK (18): the dump of links, sent on the rtnetlink socket (nfnetlink's types are subsystem << 8 | …).
    const asksLinks = (...args: string[]) => traceNetlink([process.execPath, BIN, '-n', ns.name, ...args]).sent.flatMap((d) => parseMessages(d)).some((m) => m.type === 18);
    const canTrace = kernelSkipReason(['strace']) === undefined;
    if (canTrace) expect(asksLinks('nft', 'list', 'ruleset')).toBe(false);
    if (canTrace) expect(asksLinks('-j', 'nft', 'list', 'ruleset')).toBe(false);
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    load(`table inet ifx {
  set ports { type iface_index; elements = { "lo", "v0" } }
  map marks { type iface_index : mark; elements = { "v1" : 0x00000002 } }
  chain c {
    iif "v0" accept
    iif { "lo", "v1" } drop
    meta mark set iif map { "v0" : 0x00000001 }
    oif @ports accept
  }
}
`);
    try {
      expect(linxOk('-n', ns.name, 'nft', 'list', 'ruleset')).toBe(nft('list', 'ruleset'));
      expect(linxOk('-n', ns.name, 'nft', 'list', 'table', 'inet', 'ifx')).toContain('elements = { "lo", "v0" }');
      const theirs = JSON.parse(nft('-j', 'list', 'ruleset')).nftables as Record<string, unknown>[];
      expect(linxJson('-n', ns.name, 'nft', 'list', 'ruleset').nftables.slice(1)).toEqual(theirs.slice(1));
      if (canTrace) expect(asksLinks('nft', 'list', 'ruleset')).toBe(true);
    } finally {
      nft('delete', 'table', 'inet', 'ifx');
      ns.ip('link', 'del', 'v0');
    }
  });

  it('unknown tables and chains, and bad words, are usage errors', () => {
    expect(linx('-n', ns.name, 'nft', 'list', 'table', 'inet', 'nope').status).toBe(2);
    expect(linx('-n', ns.name, 'nft', 'list', 'chain', 'inet', 't', 'nope').status).toBe(2);
    expect(linx('-n', ns.name, 'nft', 'list', 'ruleset', 'ipx').status).toBe(2);
    expect(linx('-n', ns.name, 'nft', 'flush', 'ruleset').status).toBe(2);
  });

  it('linx nft monitor prints what nft monitor prints', async () => {
    const follow = (argv: string[]) => {
      const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'ignore'] });
      children.push(child);
      let text = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => void (text += chunk));
      return () => text;
    };
    const ours = follow([process.execPath, BIN, '-n', ns.name, 'nft', 'monitor']);
    const theirs = follow(['ip', 'netns', 'exec', ns.name, 'nft', 'monitor']);
    // Probe tables until both listen.
    let probe = 0;
    for (; probe < 300; probe++) {
      nft('add', 'table', 'ip', `probe${probe}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (ours().includes(`add table ip probe${probe}\n`) && theirs().includes(`add table ip probe${probe}\n`)) break;
    }
    expect(probe).toBeLessThan(300);
    load(`table ip u {
  set s2 { type ipv4_addr; }
  chain c {
    type filter hook output priority filter + 5; policy accept;
    ip daddr 10.0.0.1 counter drop
  }
  chain d {
  }
}
`);
    nft('add', 'rule', 'ip', 'u', 'd', 'iifname', 'lo', 'accept');
    nft('add', 'rule', 'ip', 'u', 'd', 'tcp', 'dport', '{', '22,', '80', '}', 'accept');
    nft('add', 'element', 'ip', 'u', 's2', '{', '10.0.0.1,', '10.0.0.2', '}');
    nft('delete', 'element', 'ip', 'u', 's2', '{', '10.0.0.2', '}');
    nft('add', 'element', 'inet', 't', 'allowed', '{', '172.16.0.0/12', '}');
    nft('flush', 'chain', 'ip', 'u', 'd');
    nft('delete', 'table', 'ip', 'u');
    nft('add', 'table', 'ip', 'last');
    for (let i = 0; i < 300 && !(ours().includes('add table ip last\n') && theirs().includes('add table ip last\n')); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const between = (text: string) => {
      const lines = text.split('\n');
      const from = lines.indexOf(`add table ip probe${probe}`);
      const to = lines.indexOf('add table ip last');
      return lines.slice(from + 2, to + 2);
    };
    const seen = between(ours());
    expect(seen).toContain('add chain ip u c { type filter hook output priority filter + 5; policy accept; }');
    expect(seen).toContain('delete table ip u');
    expect(seen).toContain('add element ip u s2 { 10.0.0.2 }');
    expect(seen).toContain('delete element ip u s2 { 10.0.0.2 }');
    expect(seen).toContain('add rule ip u d tcp dport { 22, 80 } accept');
    expect(seen.some((l) => l.startsWith('# linx'))).toBe(false);
    expect(seen).toEqual(between(theirs()));
  }, 60_000);
});
