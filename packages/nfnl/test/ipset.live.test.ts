// ipset against the running kernel, in a network namespace of our own (ipset is per namespace; deleted
// afterwards), compared with the `ipset` command (Debian package ipset): sets linx makes, of every hash and
// bitmap type this kernel has, with options and members, are what `ipset list -o xml` shows; sets `ipset`
// makes are what linx lists; the protocol version is the one `ipset version` reports; types the kernel lacks
// fail the same way for both; rename, swap, del, test; member counters moved by traffic through an iptables
// `-m set` rule in the namespace; element shapes and families refused before sending.
// Needs root, ip and ipset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, run, type TestNetns } from '@linx/test-kit';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { IpsetError, open, type IpsetElement, type IpsetSet, type IpsetSpec, type Nfnl } from './helpers/imports.js';

const skip = kernelSkipReason(['ip', 'ipset']);

/** One set as `ipset list -o xml` shows it: type, revision, header tags, members (elem text and extension tags). */
interface XmlSet {
  type: string;
  revision: number;
  header: Record<string, string | true>;
  members: { elem: string; ext: Record<string, string | true> }[];
}

function tags(text: string): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (const m of text.matchAll(/<(\w+)\/>|<(\w+)>([^<]*)<\/\2>/g)) {
    if (m[1]) out[m[1]] = true;
    else out[m[2]!] = m[3]!;
  }
  return out;
}

function parseXml(xml: string): Map<string, XmlSet> {
  const sets = new Map<string, XmlSet>();
  for (const m of xml.matchAll(/<ipset name="([^"]+)">([\s\S]*?)<\/ipset>/g)) {
    const body = m[2]!;
    const members = [...body.matchAll(/<member>([\s\S]*?)<\/member>/g)].map((mm) => {
      const t = tags(mm[1]!);
      const { elem, ...ext } = t;
      return { elem: String(elem), ext };
    });
    sets.set(m[1]!, {
      type: /<type>([^<]+)<\/type>/.exec(body)![1]!,
      revision: Number(/<revision>(\d+)<\/revision>/.exec(body)![1]),
      header: tags(/<header>([\s\S]*?)<\/header>/.exec(body)![1]!),
      members,
    });
  }
  return sets;
}

/** A member in ipset's element syntax (`10.0.0.0/24,udp:53,10.9.0.0/16`): the way `ipset` prints what the kernel sent. */
function elemText(set: IpsetSet, e: IpsetElement): string {
  const full = set.family === 'inet6' ? 128 : 32;
  const withCidr = (ip: string, cidr: number | undefined) => (cidr !== undefined && cidr !== full ? `${ip}/${cidr}` : ip);
  const parts: string[] = [];
  if (e.ip !== undefined) parts.push(withCidr(e.ip, e.cidr));
  if (e.port !== undefined) parts.push(e.proto !== undefined ? `${e.proto}:${e.port}` : String(e.port));
  if (e.ip2 !== undefined) parts.push(withCidr(e.ip2, e.cidr2));
  if (e.iface !== undefined) parts.push(e.physdev ? `physdev:${e.iface}` : e.iface);
  if (e.mac !== undefined) parts.push(e.mac.toUpperCase());
  if (e.name !== undefined) parts.push(e.name);
  return parts.join(',');
}

/** linx's listing in the XML's terms: what both must agree on. */
function asXml(set: IpsetSet): XmlSet {
  const header: Record<string, string | true> = {};
  // (ipset prints the family of hash sets only; the kernel sends bitmap:ip's too.)
  if (set.family !== 'unspec' && !set.type.startsWith('bitmap:')) header.family = set.family;
  if (set.range) header.range = `${set.range.from}-${set.range.to}`;
  if (set.portRange) header.range = `${set.portRange.from}-${set.portRange.to}`;
  if (set.hashsize !== undefined) header.hashsize = String(set.hashsize);
  if (set.maxelem !== undefined) header.maxelem = String(set.maxelem);
  if (set.netmask !== undefined) header.netmask = String(set.netmask);
  if (set.timeout !== undefined) header.timeout = String(set.timeout);
  if (set.counters) header.counters = true;
  if (set.comment) header.comment = true;
  if (set.skbinfo) header.skbinfo = true;
  if (set.forceadd) header.forceadd = true;
  if (set.size !== undefined) header.size = String(set.size);
  if (set.bucketsize !== undefined) header.bucketsize = String(set.bucketsize);
  if (set.initval !== undefined) header.initval = `0x${set.initval.toString(16).padStart(8, '0')}`;
  header.memsize = String(set.memsize);
  header.references = String(set.references);
  header.numentries = String(set.elements ?? set.members.length);
  const members = set.members.map((e) => {
    const ext: Record<string, string | true> = {};
    if (e.nomatch) ext.nomatch = true;
    if (e.wildcard) ext.wildcard = true;
    if (e.timeout !== undefined) ext.timeout = String(e.timeout);
    if (e.packets !== undefined) ext.packets = String(e.packets);
    if (e.bytes !== undefined) ext.bytes = String(e.bytes);
    if (e.comment !== undefined) ext.comment = JSON.stringify(e.comment);
    if (e.skbmark !== undefined) ext.skbmark = `0x${e.skbmark.mark.toString(16)}/0x${e.skbmark.mask.toString(16)}`;
    if (e.skbprio !== undefined) ext.skbprio = `${e.skbprio.major.toString(16)}:${e.skbprio.minor.toString(16)}`;
    if (e.skbqueue !== undefined) ext.skbqueue = String(e.skbqueue);
    return { elem: elemText(set, e), ext };
  });
  return { type: set.type, revision: set.revision, header, members };
}

/** Members in a stable order (hash sets list in hash order). */
const sorted = (x: XmlSet): XmlSet => ({ ...x, members: [...x.members].sort((a, b) => a.elem.localeCompare(b.elem)) });

describe.skipIf(skip !== undefined)(`ipset on the live kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ns: TestNetns;
  let nfnl: Nfnl;
  const tool = (...args: string[]) => ns.exec(['ipset', ...args]);
  const toolTry = (...args: string[]) => run(['ip', 'netns', 'exec', ns.name, 'ipset', ...args]);
  /** linx's list and ipset's XML, side by side, members sorted. */
  const both = async () => {
    const mine = new Map((await nfnl.ipset.list()).map((s) => [s.name, sorted(asXml(s))]));
    const theirs = new Map([...parseXml(tool('list', '-o', 'xml'))].map(([name, s]) => [name, sorted(s)]));
    return { mine, theirs };
  };
  /** Whether the kernel has a set type, asked with the ipset command in a scratch set. */
  const toolHasType = (type: string, ...options: string[]) => {
    const r = toolTry('create', 'linx_probe', type, ...options);
    if (r.status === 0) tool('destroy', 'linx_probe');
    else expect(r.stderr).toMatch(/set type not supported|Kernel support protocol|Syntax error|Unknown set type|not supported/i);
    return r.status === 0;
  };

  beforeAll(async () => {
    ns = createTestNetns('linx-test-ipset');
    nfnl = open({ netns: ns.name });
    // The handle must be in the namespace before it changes anything: a set ipset makes there is seen.
    tool('create', 'linx_guard', 'hash:ip');
    const seen = (await nfnl.ipset.list({ headers: true })).map((s) => s.name);
    if (!seen.includes('linx_guard')) {
      nfnl.close();
      throw new Error(`the nfnl handle is not in network namespace ${ns.name}`);
    }
    tool('destroy', 'linx_guard');
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });

  it('the protocol handshake gives the version `ipset version` reports', async () => {
    const version = /protocol version: (\d+)/.exec(tool('version'))![1];
    const kernel = await nfnl.ipset.protocol();
    expect(kernel.version).toBe(Number(version));
    expect(kernel.min).toBeLessThanOrEqual(kernel.version);
  });

  // Every type linx knows, with options and members; a type the kernel lacks must fail for linx as for ipset.
  const cases: { spec: IpsetSpec; toolOptions: string[]; members: IpsetElement[] }[] = [
    { spec: { name: 't_ip', type: 'hash:ip', timeout: 600, counters: true, comment: true, hashsize: 2048, maxelem: 1000, bucketsize: 6, initval: 0x12345678 }, toolOptions: [], members: [{ ip: '10.0.0.1', comment: 'first one', packets: 5n, bytes: 700n, timeout: 0 }, { ip: '10.0.0.2', timeout: 0 }] },
    { spec: { name: 't_ip6', type: 'hash:ip', family: 'inet6', skbinfo: true }, toolOptions: ['family', 'inet6'], members: [{ ip: '2001:db8::1', skbmark: { mark: 0x10, mask: 0xff }, skbprio: { major: 1, minor: 2 }, skbqueue: 3 }, { ip: 'fe80::1' }] },
    { spec: { name: 't_ipmask', type: 'hash:ip', netmask: 24 }, toolOptions: ['netmask', '24'], members: [{ ip: '192.168.7.9' }] },
    { spec: { name: 't_ipport', type: 'hash:ip,port' }, toolOptions: [], members: [{ ip: '10.0.0.1', port: 80 }, { ip: '10.0.0.1', port: 53, proto: 'udp' }, { ip: '10.0.0.2', port: 132, proto: 'sctp' }] },
    { spec: { name: 't_ipportip', type: 'hash:ip,port,ip' }, toolOptions: [], members: [{ ip: '10.0.0.1', port: 22, ip2: '10.0.0.9' }] },
    { spec: { name: 't_ipportnet', type: 'hash:ip,port,net' }, toolOptions: [], members: [{ ip: '10.0.0.1', port: 53, proto: 'udp', ip2: '10.9.0.0/16' }, { ip: '10.0.0.1', port: 53, proto: 'udp', ip2: '10.9.1.0/24', nomatch: true }] },
    { spec: { name: 't_net', type: 'hash:net', comment: true }, toolOptions: [], members: [{ ip: '10.1.0.0/16' }, { ip: '10.1.2.0', cidr: 24, nomatch: true }, { ip: '10.3.0.1', comment: 'host' }] },
    { spec: { name: 't_netport', type: 'hash:net,port' }, toolOptions: [], members: [{ ip: '10.2.0.0/16', port: 443 }] },
    { spec: { name: 't_netiface', type: 'hash:net,iface' }, toolOptions: [], members: [{ ip: '10.4.0.0/24', iface: 'eth0' }, { ip: '10.4.1.0/24', iface: 'eth1', physdev: true }, { ip: '10.4.2.0/24', iface: 'veth', wildcard: true }] },
    { spec: { name: 't_bip', type: 'bitmap:ip', range: '10.5.0.0/24', timeout: 300 }, toolOptions: ['range', '10.5.0.0/24'], members: [{ ip: '10.5.0.7', timeout: 0 }] },
    { spec: { name: 't_bipmac', type: 'bitmap:ip,mac', range: { from: '10.6.0.0', to: '10.6.0.63' } }, toolOptions: ['range', '10.6.0.0-10.6.0.63'], members: [{ ip: '10.6.0.5', mac: 'aa:bb:cc:dd:ee:ff' }, { ip: '10.6.0.6' }] },
    { spec: { name: 't_bport', type: 'bitmap:port', portRange: { from: 1000, to: 2000 }, counters: true }, toolOptions: ['range', '1000-2000'], members: [{ port: 1500, packets: 1n, bytes: 2n }] },
    { spec: { name: 't_list', type: 'list:set', size: 4 }, toolOptions: [], members: [{ name: 't_net' }, { name: 't_ip', before: 't_net' }] },
    { spec: { name: 't_mac', type: 'hash:mac' }, toolOptions: [], members: [{ mac: '00:11:22:33:44:55' }] },
    { spec: { name: 't_netnet', type: 'hash:net,net' }, toolOptions: [], members: [{ ip: '10.0.0.0/8', ip2: '192.168.0.0/16' }] },
    { spec: { name: 't_netportnet', type: 'hash:net,port,net' }, toolOptions: [], members: [{ ip: '10.0.0.0/8', port: 80, ip2: '192.168.0.0/16' }] },
    { spec: { name: 't_ipmac', type: 'hash:ip,mac' }, toolOptions: [], members: [{ ip: '10.0.0.1', mac: '00:11:22:33:44:55' }] },
    { spec: { name: 't_ipmark', type: 'hash:ip,mark' }, toolOptions: [], members: [{ ip: '10.0.0.1', mark: 7 }] },
  ];

  it('sets linx makes of every type the kernel has are what `ipset list -o xml` shows; the types it lacks fail with IPSET_ERR_FIND_TYPE, as ipset fails', async () => {
    const made: string[] = [];
    const lacking: string[] = [];
    for (const { spec, toolOptions, members } of cases) {
      if (!toolHasType(spec.type, ...toolOptions)) {
        const error = await nfnl.ipset.create(spec).catch((e: unknown) => e);
        expect(error, spec.type).toBeInstanceOf(IpsetError);
        expect((error as IpsetError).reason).toBe('IPSET_ERR_FIND_TYPE');
        lacking.push(spec.type);
        continue;
      }
      await nfnl.ipset.create(spec);
      await nfnl.ipset.add(spec.name, members);
      made.push(spec.name);
    }
    // This kernel's config (CONFIG_IP_SET_*) has the hash and bitmap types but not every one linx knows.
    expect(made.length).toBeGreaterThanOrEqual(10);
    const { mine, theirs } = await both();
    expect([...mine.keys()].sort()).toEqual(made.sort());
    for (const name of made) expect(mine.get(name), name).toEqual(theirs.get(name));
    // The members linx added with their options, as ipset prints them (independent of linx's decoding).
    const xml = parseXml(tool('list', '-o', 'xml'));
    expect(xml.get('t_ip')!.members).toContainEqual({ elem: '10.0.0.1', ext: { timeout: '0', packets: '5', bytes: '700', comment: '"first one"' } });
    expect(xml.get('t_ipportnet')!.members).toContainEqual({ elem: '10.0.0.1,udp:53,10.9.1.0/24', ext: { nomatch: true } });
    expect(xml.get('t_list')!.members.map((m) => m.elem)).toEqual(['t_ip', 't_net']);
    expect(xml.get('t_ip')!.header).toMatchObject({ hashsize: '2048', maxelem: '1000', bucketsize: '6', initval: '0x12345678', timeout: '600', counters: true, comment: true });
    console.log(`ipset types this kernel lacks: ${lacking.join(', ') || 'none'}`);
  });

  it('sets ipset makes (ipset restore) are what linx lists, and linx tests their members as `ipset test` does', async () => {
    ns.exec(
      ['ipset', 'restore'],
      [
        'create r_net hash:net family inet counters comment',
        'add r_net 172.16.0.0/12 packets 9 bytes 900 comment "private"',
        'add r_net 172.16.5.0/24 nomatch',
        'create r_port hash:ip,port family inet6 timeout 100',
        'add r_port 2001:db8::5,udp:5353 timeout 0',
        'create r_bitmap bitmap:ip range 10.10.0.0-10.10.0.255 netmask 30',
        'add r_bitmap 10.10.0.4',
        '',
      ].join('\n'),
    );
    const { mine, theirs } = await both();
    for (const name of ['r_net', 'r_port', 'r_bitmap']) expect(mine.get(name), name).toEqual(theirs.get(name));
    const probes: [string, IpsetElement, string][] = [
      ['r_net', { ip: '172.16.9.9' }, '172.16.9.9'],
      ['r_net', { ip: '172.16.5.9' }, '172.16.5.9'],
      ['r_net', { ip: '10.0.0.1' }, '10.0.0.1'],
      ['r_port', { ip: '2001:db8::5', port: 5353, proto: 'udp' }, '2001:db8::5,udp:5353'],
      ['r_port', { ip: '2001:db8::5', port: 5353 }, '2001:db8::5,tcp:5353'],
      ['r_bitmap', { ip: '10.10.0.6' }, '10.10.0.6'],
      ['r_bitmap', { ip: '10.10.0.9' }, '10.10.0.9'],
    ];
    for (const [set, element, text] of probes) {
      const theirsIn = toolTry('test', set, text).status === 0;
      expect(await nfnl.ipset.test(set, element), `${set} ${text}`).toBe(theirsIn);
    }
  });

  it('del, flush, rename and swap show in ipset; the kernel refuses what it refuses, with the reason named', async () => {
    await nfnl.ipset.del('r_net', { ip: '172.16.5.0/24' });
    expect(toolTry('test', 'r_net', '172.16.5.9').status).toBe(0); // no longer an exception: the /12 matches
    await expect(nfnl.ipset.del('r_net', { ip: '172.16.5.0/24' })).rejects.toMatchObject({ reason: 'IPSET_ERR_EXIST' });
    await nfnl.ipset.del('r_net', { ip: '172.16.5.0/24' }, { exist: true });
    await expect(nfnl.ipset.add('t_ipport', { ip: '10.0.0.1', port: 80 })).rejects.toMatchObject({ reason: 'IPSET_ERR_EXIST' });
    await nfnl.ipset.add('t_ipport', { ip: '10.0.0.1', port: 80 }, { exist: true });
    // Several elements in one request: the one there already fails, named by the line number the kernel
    // echoes; the others (also those after it) are added.
    const partly = await nfnl.ipset.add('t_ipport', [{ ip: '10.0.0.3', port: 1 }, { ip: '10.0.0.1', port: 80 }, { ip: '10.0.0.3', port: 2 }]).catch((e: unknown) => e);
    expect(partly).toBeInstanceOf(IpsetError);
    expect(partly).toMatchObject({ reason: 'IPSET_ERR_EXIST', index: 1, message: expect.stringMatching(/elements\[1\] \{"ip":"10\.0\.0\.1","port":80\}; 1 of 3 failed/) });
    expect(toolTry('test', 't_ipport', '10.0.0.3,tcp:1').status).toBe(0);
    expect(toolTry('test', 't_ipport', '10.0.0.3,tcp:2').status).toBe(0);

    await nfnl.ipset.rename('r_port', 'r_port6');
    expect(tool('list', '-n').split('\n')).toContain('r_port6');
    await expect(nfnl.ipset.rename('r_port6', 'r_net')).rejects.toMatchObject({ reason: 'IPSET_ERR_EXIST_SETNAME2' });
    await nfnl.ipset.create({ name: 'r_net2', type: 'hash:net' });
    await nfnl.ipset.add('r_net2', { ip: '192.0.2.0/24' });
    await nfnl.ipset.swap('r_net', 'r_net2');
    expect(tool('save', 'r_net')).toMatch(/^add r_net 192\.0\.2\.0\/24$/m);
    await expect(nfnl.ipset.swap('r_net', 'r_port6')).rejects.toMatchObject({ reason: 'IPSET_ERR_TYPE_MISMATCH' });
    expect(toolTry('swap', 'r_net', 'r_port6').status).not.toBe(0);

    await nfnl.ipset.flush('r_net');
    expect(tool('list', 'r_net', '-o', 'xml')).toMatch(/<numentries>0<\/numentries>/);
    // t_net is a member of t_list: the kernel will not destroy it.
    const busy = await nfnl.ipset.destroy('t_net').catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(IpsetError);
    expect((busy as IpsetError).reason).toBe('IPSET_ERR_BUSY');
    expect(toolTry('destroy', 't_net').stderr).toMatch(/in use/);
    await expect(nfnl.ipset.destroy('no_such_set')).rejects.toMatchObject({ errnoName: 'ENOENT' });
    await nfnl.ipset.destroy('no_such_set', { exist: true }); // as `ipset -exist destroy`: no NLM_F_EXCL
    await nfnl.ipset.destroy('r_net2');
    expect(tool('list', '-n').split('\n')).not.toContain('r_net2');
  });

  it('a set too big for one message is listed whole (members continue over several messages), as ipset counts it', async () => {
    const count = 20_000;
    const lines = ['create big hash:ip family inet hashsize 4096 maxelem 65536'];
    for (let i = 0; i < count; i++) lines.push(`add big 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    ns.exec(['ipset', 'restore'], `${lines.join('\n')}\n`);
    const [big] = await nfnl.ipset.list({ name: 'big' });
    expect(big!.members).toHaveLength(count);
    expect(big!.elements).toBe(count);
    expect(new Set(big!.members.map((m) => m.ip)).size).toBe(count);
    const saved = tool('save', 'big').split('\n').filter((l) => l.startsWith('add ')).map((l) => l.slice('add big '.length)).sort();
    expect(big!.members.map((m) => m.ip!).sort()).toEqual(saved);
    // And every set listed at once, the big one among them, still in one piece.
    const all = await nfnl.ipset.list();
    expect(all.filter((s) => s.name === 'big')).toHaveLength(1);
    expect(all.find((s) => s.name === 'big')!.members).toHaveLength(count);
    await nfnl.ipset.destroy('big');
  });

  it('20,000 elements added and deleted in bulk are what ipset save shows; one there already is named by the kernel\'s line number and the rest still go in', async () => {
    const count = 20_000;
    const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    await nfnl.ipset.create({ name: 'bulk', type: 'hash:ip,port', hashsize: 4096, maxelem: 65536, comment: true });
    // One element there before, in the middle of a later request: IPSET_ERR_EXIST for it alone.
    tool('add', 'bulk', `${ip(12_345)},tcp:80`);
    const elements = Array.from({ length: count }, (_, i) => ({ ip: ip(i), port: 80, ...(i % 1000 === 7 ? { comment: `element ${i}` } : {}) }));
    const error = await nfnl.ipset.add('bulk', elements).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpsetError);
    expect(error).toMatchObject({ reason: 'IPSET_ERR_EXIST', index: 12_345, message: expect.stringContaining(`elements[12345] {"ip":"${ip(12_345)}","port":80}; 1 of ${count} failed`) });
    const saved = () => tool('save', 'bulk').split('\n').filter((l) => l.startsWith('add '));
    const lines = saved();
    expect(lines).toHaveLength(count);
    expect(lines.filter((l) => l.includes('comment'))).toHaveLength(count / 1000);
    expect(lines).toContain(`add bulk ${ip(19_007)},tcp:80 comment "element 19007"`);
    // Deleting them all in bulk (and one more, not there: the only failure).
    const gone = await nfnl.ipset.del('bulk', [...elements, { ip: '192.0.2.1', port: 80 }]).catch((e: unknown) => e);
    expect(gone).toMatchObject({ reason: 'IPSET_ERR_EXIST', index: count });
    expect(saved()).toEqual([]);
    await nfnl.ipset.destroy('bulk');
  });

  it('a full set refuses the elements past maxelem (IPSET_ERR_HASH_FULL), each counted, as ipset restore is refused', async () => {
    await nfnl.ipset.create({ name: 'full', type: 'hash:ip', maxelem: 10 });
    const elements = Array.from({ length: 100 }, (_, i) => ({ ip: `10.1.0.${i}` }));
    const error = await nfnl.ipset.add('full', elements).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpsetError);
    expect(error).toMatchObject({ reason: 'IPSET_ERR_HASH_FULL', index: 10, message: expect.stringContaining('90 of 100 failed') });
    expect(tool('save', 'full').split('\n').filter((l) => l.startsWith('add '))).toHaveLength(10);
    // The tool, given the same lines, is refused at the same element (line 11) and stops there.
    tool('flush', 'full');
    const r = run(['ip', 'netns', 'exec', ns.name, 'ipset', 'restore'], `${elements.map((e) => `add full ${e.ip}`).join('\n')}\n`);
    expect(r.stderr).toMatch(/Error in line 11: Hash is full/);
    expect(tool('save', 'full').split('\n').filter((l) => l.startsWith('add '))).toHaveLength(10);
    await nfnl.ipset.destroy('full');
  });

  it('ranges (ip…ipTo, a prefix on hash:ip, port…portTo) are added and deleted as the kernel expands them, as ipset shows', async () => {
    await nfnl.ipset.create({ name: 'rng_ip', type: 'hash:ip' });
    await nfnl.ipset.add('rng_ip', [{ ip: '10.7.0.1', ipTo: '10.7.0.4' }, { ip: '10.8.0.0/30' }]);
    await nfnl.ipset.create({ name: 'rng_port', type: 'hash:ip,port' });
    await nfnl.ipset.add('rng_port', { ip: '10.9.0.1', port: 1000, portTo: 1002, proto: 'udp' });
    await nfnl.ipset.create({ name: 'rng_bport', type: 'bitmap:port', portRange: { from: 0, to: 100 } });
    await nfnl.ipset.add('rng_bport', { port: 10, portTo: 12 });
    const { mine, theirs } = await both();
    for (const name of ['rng_ip', 'rng_port', 'rng_bport']) expect(mine.get(name), name).toEqual(theirs.get(name));
    expect(mine.get('rng_ip')!.members.map((m) => m.elem)).toEqual(['10.7.0.1', '10.7.0.2', '10.7.0.3', '10.7.0.4', '10.8.0.0', '10.8.0.1', '10.8.0.2', '10.8.0.3']);
    expect(mine.get('rng_port')!.members.map((m) => m.elem)).toEqual(['10.9.0.1,udp:1000', '10.9.0.1,udp:1001', '10.9.0.1,udp:1002']);
    expect(mine.get('rng_bport')!.members.map((m) => m.elem)).toEqual(['10', '11', '12']);
    await nfnl.ipset.del('rng_ip', { ip: '10.7.0.2', ipTo: '10.7.0.3' });
    expect(tool('save', 'rng_ip').split('\n').filter((l) => l.startsWith('add ')).sort()).toEqual(['add rng_ip 10.7.0.1', 'add rng_ip 10.7.0.4', 'add rng_ip 10.8.0.0', 'add rng_ip 10.8.0.1', 'add rng_ip 10.8.0.2', 'add rng_ip 10.8.0.3']);
    for (const name of ['rng_ip', 'rng_port', 'rng_bport']) await nfnl.ipset.destroy(name);
  });

  const iptablesSkip = kernelSkipReason(['iptables']) ?? (run(['iptables', '-m', 'set', '--help']).status === 0 ? undefined : 'iptables has no set match');
  it.skipIf(iptablesSkip !== undefined)(`member counters moved by traffic through an iptables -m set rule read the same in linx and ipset${iptablesSkip ? ` (skipped: ${iptablesSkip})` : ''}`, async () => {
    await nfnl.ipset.create({ name: 'dst', type: 'hash:ip,port', counters: true });
    await nfnl.ipset.add('dst', [{ ip: '127.0.0.1', port: 9, proto: 'udp' }, { ip: '127.0.0.1', port: 10, proto: 'udp' }]);
    ns.ip('link', 'set', 'lo', 'up');
    ns.exec(['iptables', '-A', 'OUTPUT', '-o', 'lo', '-m', 'set', '--match-set', 'dst', 'dst,dst']);
    // Four 100-byte UDP datagrams to port 9: 4 packets of 20 + 8 + 100 bytes on the first member.
    ns.exec([process.execPath, '-e', "const s=require('dgram').createSocket('udp4');let n=0;const go=()=>s.send(Buffer.alloc(100),9,'127.0.0.1',()=>{if(++n<4)go();else s.close();});go();"]);
    const set = await nfnl.ipset.get('dst');
    expect(set.references).toBe(1); // the rule
    expect(set.members.find((m) => m.port === 9)).toMatchObject({ packets: 4n, bytes: 512n });
    expect(set.members.find((m) => m.port === 10)).toMatchObject({ packets: 0n, bytes: 0n });
    const { mine, theirs } = await both();
    expect(mine.get('dst')).toEqual(theirs.get('dst'));
    ns.exec(['iptables', '-F', 'OUTPUT']);
    await nfnl.ipset.destroy('dst');
  });

  it('elements of the wrong shape or family, and bad set specs, are refused with InvalidArgumentError before anything is sent', async () => {
    const before = tool('save');
    const bad: [string, IpsetElement][] = [
      ['t_ip', { ip: '10.0.0.3', port: 80 }], // hash:ip has no port
      ['t_ip', { ip: '2001:db8::3' }], // an IPv6 address in an inet set
      ['t_ip6', { ip: '10.0.0.3' }], // an IPv4 address in an inet6 set
      ['t_ipportip', { ip: '10.0.0.1', port: 22, ip2: '2001:db8::1' }], // families mixed within the element
      ['t_ipportip', { ip: '10.0.0.1', port: 22 }], // the second address missing
      ['t_ipport', { ip: '10.0.0.1' }], // the port missing
      ['t_ipport', { ip: '10.0.0.1', port: 70000 }],
      ['t_netiface', { ip: '10.4.2.0/24', iface: 'a-name-longer-than-15' }],
      ['t_net', { ip: '10.0.0.0/33' }],
      ['t_net', { ip: '10.0.0.0/8', ipTo: '10.0.0.9' }],
      ['t_bipmac', { ip: '10.6.0.9', mac: 'not-a-mac' }],
      ['t_bport', { port: 1600, ip: '10.0.0.1' }],
      ['t_list', { name: 't_ip', before: 't_net', after: 't_net' }],
      ['t_ip', { ip: '10.0.0.4', comment: 'x'.repeat(256) }],
    ];
    for (const [set, element] of bad) {
      const error = await nfnl.ipset.add(set, element).catch((e: unknown) => e);
      expect(error, `${set} ${JSON.stringify(element)}`).toBeInstanceOf(InvalidArgumentError);
    }
    const badSpecs: IpsetSpec[] = [
      { name: 'x', type: 'bitmap:ip' }, // no range
      { name: 'x', type: 'bitmap:ip', range: '10.0.0.0/24', family: 'inet6' },
      { name: 'x', type: 'bitmap:port', portRange: { from: 1, to: 2 }, family: 'inet' },
      { name: 'x', type: 'hash:net', portRange: { from: 1, to: 2 } },
      { name: 'x', type: 'bitmap:ip', range: '10.0.0.0/24', hashsize: 1024 },
      { name: 'x', type: 'hash:ip', netmask: 33 },
      { name: 'x'.repeat(32), type: 'hash:ip' },
      { name: 'x', type: 'HASH IP' },
    ];
    for (const spec of badSpecs) await expect(nfnl.ipset.create(spec), JSON.stringify(spec)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(tool('save')).toBe(before);
    expect(nfnl.connection.pending).toBe(0);
  });
});
