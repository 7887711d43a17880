// conntrack changes made with linx (create, update, delete, filtered bulk delete, flush) as the `conntrack`
// tool sees them, and changes the tool makes as linx sees them, in a network namespace of our own (deleted
// afterwards whatever happens). Needs root, ip, nft and conntrack; skipped otherwise.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kernelSkipReason } from '@linx/test-kit';
import { NetlinkError } from '@linx/netlink-wire';
import type { ConntrackSpec, Nfnl } from '../src/index.js';
import { createNamespace, run } from './helpers/live.js';
import { openIn } from './helpers/netns-guard.js';
import { parseEntries } from './helpers/conntrack-tool.js';

const skip = kernelSkipReason(['ip', 'nft', 'conntrack']);
const A = '198.51.100.1';
const B = '198.51.100.2';

describe.skipIf(skip !== undefined)('conntrack changes, against the conntrack tool', () => {
  let ns: ReturnType<typeof createNamespace>;
  let nfnl: Nfnl;
  const tool = (...args: string[]) => run(['ip', 'netns', 'exec', ns.name, 'conntrack', ...args]);
  const toolList = (...args: string[]) => parseEntries(tool('-L', '-o', 'extended,id', ...args).stdout);
  const tcp = (sport: number, extra: Partial<ConntrackSpec> = {}): ConntrackSpec => ({ original: { src: A, dst: B, protocol: 'tcp', sport, dport: 443 }, timeout: 600, tcp: { state: 'established' }, ...extra });

  beforeAll(async () => {
    ns = createNamespace('ctchg');
    nfnl = await openIn(ns);
  });
  afterAll(() => {
    nfnl?.close();
    ns?.remove();
  });
  beforeEach(() => {
    tool('-F');
  });

  it('creates entries conntrack -L shows as made: tuples (reply inverted), state, mark, zone, status, timeout', async () => {
    await nfnl.conntrack.create(tcp(1111, { mark: 0x2a, zone: 3, status: ['seen-reply', 'assured'] }));
    await nfnl.conntrack.create({ original: { src: '2001:db8::1', dst: '2001:db8::2', protocol: 'udp', sport: 5000, dport: 53 }, timeout: 120 });
    await nfnl.conntrack.create({ original: { src: A, dst: B, protocol: 'icmp', icmp: { type: 8, code: 0, id: 7 } }, timeout: 30 });
    const [t] = toolList('-p', 'tcp');
    expect(t).toMatchObject({ family: 'ipv4', protocol: 'tcp', state: 'ESTABLISHED', original: { src: A, dst: B, sport: 1111, dport: 443 }, reply: { src: B, dst: A, sport: 443, dport: 1111 }, mark: 0x2a, zone: 3 });
    expect(t!.flags).toEqual(['ASSURED']);
    expect(t!.timeout).toBeGreaterThan(595);
    const [u] = toolList('-f', 'ipv6');
    expect(u).toMatchObject({ family: 'ipv6', protocol: 'udp', original: { src: '2001:db8::1', dst: '2001:db8::2', sport: 5000, dport: 53 }, reply: { src: '2001:db8::2', dst: '2001:db8::1', sport: 53, dport: 5000 } });
    expect(u!.flags).toEqual(['UNREPLIED']);
    const [i] = toolList('-p', 'icmp');
    // The echo request's reply is an echo reply (type 0).
    expect(i).toMatchObject({ original: { type: 8, code: 0, id: 7 }, reply: { type: 0, code: 0, id: 7 } });
  });

  it('a second create of the same tuple is the kernel\'s EEXIST; createMany reports it for that spec alone', async () => {
    await nfnl.conntrack.create(tcp(2222));
    const error = await nfnl.conntrack.create(tcp(2222)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect((error as NetlinkError).errno).toBe(17);
    const results = await nfnl.conntrack.createMany([tcp(2223), tcp(2222), tcp(2224)]);
    expect(results.map((r) => (r instanceof NetlinkError ? r.errno : r))).toEqual([undefined, 17, undefined]);
    expect(toolList().map((e) => e.original.sport).sort()).toEqual([2222, 2223, 2224]);
  });

  it('updates mark and timeout as conntrack -L then shows; sees the tool\'s update (conntrack -U)', async () => {
    await nfnl.conntrack.create(tcp(3333));
    await nfnl.conntrack.update({ original: { src: A, dst: B, protocol: 'tcp', sport: 3333, dport: 443 } }, { mark: 99, timeout: 50 });
    const [t] = toolList();
    expect(t!.mark).toBe(99);
    expect(t!.timeout).toBeLessThanOrEqual(50);
    expect(tool('-U', '-p', 'tcp', '-s', A, '--sport', '3333', '-m', '7').status).toBe(0);
    const got = await nfnl.conntrack.get({ original: { src: A, dst: B, protocol: 'tcp', sport: 3333, dport: 443 } });
    expect(got.mark).toBe(7);
    // Only the masked bits change (CTA_MARK_MASK): 0xff07 → 0xff12 under 0xff.
    await nfnl.conntrack.update({ original: { src: A, dst: B, protocol: 'tcp', sport: 3333, dport: 443 } }, { mark: 0xff07 });
    await nfnl.conntrack.update({ original: { src: A, dst: B, protocol: 'tcp', sport: 3333, dport: 443 } }, { mark: { value: 0x12, mask: 0xff } });
    expect(toolList()[0]!.mark).toBe(0xff12);
    const missing = await nfnl.conntrack.update({ original: { src: A, dst: B, protocol: 'tcp', sport: 1, dport: 443 } }, { mark: 1 }).catch((e: unknown) => e);
    expect((missing as NetlinkError).errno).toBe(2);
  });

  it('deletes by tuple and by a listed entry (its id: a stale one is ENOENT)', async () => {
    await nfnl.conntrack.createMany([tcp(4001), tcp(4002)]);
    await nfnl.conntrack.delete({ original: { src: A, dst: B, protocol: 'tcp', sport: 4001, dport: 443 } });
    expect(toolList().map((e) => e.original.sport)).toEqual([4002]);
    const [listed] = await nfnl.conntrack.list();
    const stale = await nfnl.conntrack.delete({ ...listed!, id: (listed!.id! + 1) >>> 0 }).catch((e: unknown) => e);
    expect((stale as NetlinkError).errno).toBe(2);
    await nfnl.conntrack.delete(listed!);
    expect(toolList()).toEqual([]);
  });

  it('deletes what a filter selects, and nothing else (filtered bulk delete)', async () => {
    const specs: ConntrackSpec[] = [];
    for (let i = 0; i < 200; i++) specs.push(tcp(10000 + i, { mark: i % 4 }));
    expect((await nfnl.conntrack.createMany(specs)).every((r) => r === undefined)).toBe(true);
    const before = toolList('-m', '2').length;
    expect(before).toBe(50);
    expect(await nfnl.conntrack.deleteMatching({ mark: 2 })).toBe(50);
    expect(toolList('-m', '2')).toEqual([]);
    expect(toolList().length).toBe(150);
    expect(await nfnl.conntrack.deleteMatching({ original: { protocol: 'tcp', sport: 10001 } })).toBe(1);
    expect(toolList().length).toBe(149);
  });

  it('flushes one family, then everything (conntrack -F)', async () => {
    await nfnl.conntrack.create(tcp(5000));
    await nfnl.conntrack.create({ original: { src: '2001:db8::1', dst: '2001:db8::2', protocol: 'udp', sport: 1, dport: 2 }, timeout: 60 });
    await nfnl.conntrack.flush({ family: 'ip6' });
    expect(toolList().map((e) => e.family)).toEqual(['ipv4']);
    await nfnl.conntrack.flush();
    expect(toolList()).toEqual([]);
    expect((await nfnl.conntrack.count()).entries).toBe(0);
  });
});
