// `linx decode` on the pyroute2 capture in fixtures/pyroute2 (taken on a real host, decoded independently by
// pyroute2 into nl0.json): every message is named, and what linx decodes equals pyroute2's decode, field by
// field, for the messages pyroute2 decoded. No kernel: the binary only reads the file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linx, linxJson, linxOk } from './helpers/linx.js';

const FIXTURES = new URL('../../../../shared/fixtures/pyroute2/', import.meta.url);
const PCAP = new URL('nl0.pcap', FIXTURES).pathname;

interface Message {
  type: string;
  flags: number;
  seq: number;
  pid: number;
  value?: { header: Record<string, unknown>; attrs: Record<string, unknown> };
  raw?: string;
}
interface Packet {
  packet: number;
  time: string;
  protocol: string;
  messages: Message[];
}

/** pyroute2's attribute name as linx's: IFLA_MIN_MTU → minMtu. */
const camel = (name: string) => name.replace(/^(IFLA|IFA)_/, '').toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

describe('linx decode', () => {
  const packets = linxJson<Packet[]>('decode', PCAP);

  it('reads every packet and message of the capture (19 packets, 34 messages, as SOURCE.md counts them)', () => {
    expect(packets).toHaveLength(19);
    expect(packets.flatMap((p) => p.messages)).toHaveLength(34);
    // Every rtnetlink message is named and decoded; control messages by their NLMSG_ names.
    for (const p of packets.filter((x) => x.protocol === 'NETLINK_ROUTE')) {
      for (const m of p.messages) {
        expect(m.type).toMatch(/^(RTM_[A-Z]+|NLMSG_DONE)$/);
        if (m.type.startsWith('RTM_')) expect(m.value).toBeDefined();
      }
    }
    const names = new Set(packets.flatMap((p) => p.messages.map((m) => m.type)));
    for (const name of ['RTM_GETLINK', 'RTM_NEWLINK', 'RTM_GETADDR', 'RTM_NEWADDR', 'NLMSG_DONE', 'NLMSG_ERROR']) expect(names).toContain(name);
    // The IPVS family is named from the nlctrl reply in the same capture.
    expect([...names].some((n) => n.startsWith('IPVS cmd '))).toBe(true);
    const error = packets.flatMap((p) => p.messages).find((m) => m.type === 'NLMSG_ERROR')!;
    expect(error.value).toMatchObject({ errno: 'EINVAL' });
  });

  it('decodes what pyroute2 decoded (nl0.json) to the same values', () => {
    const reference = JSON.parse(readFileSync(new URL('nl0.json', FIXTURES), 'utf8')) as { 'pcap header': string; 'message class': string; exception: string | null; data: unknown }[];
    let compared = 0;
    for (const entry of reference) {
      const [, sec, usec] = /ts_sec=(\d+), ts_usec=(\d+)/.exec(entry['pcap header'])!;
      const time = new Date(Number(sec) * 1000).toISOString().replace('.000Z', `.${usec!.padStart(6, '0')}000Z`);
      // Packets of one millisecond: the request pyroute2 failed on, or the reply it decoded.
      const kind = entry['message class'].includes('ifaddrmsg') ? 'ADDR' : entry['message class'].includes('ifinfmsg') ? 'LINK' : undefined;
      const wanted = entry.exception !== null ? (kind === undefined ? /^NLMSG_DONE$/ : new RegExp(`^RTM_GET${kind}$`)) : new RegExp(`^RTM_NEW${kind}$`);
      const packet = packets.find((p) => p.time === time && p.protocol === 'NETLINK_ROUTE' && wanted.test(p.messages[0]!.type))!;
      expect(packet).toBeDefined();
      const first = packet.messages[0]!;
      if (entry.exception !== null) {
        // pyroute2 could not decode a request with a short (rtgenmsg) header; linx names it and reads what is there.
        expect(first.type).toMatch(/^RTM_GET|^NLMSG_DONE$/);
        continue;
      }
      const data = entry.data as { index: number; attrs: [string, unknown][]; ifi_type?: number; prefixlen?: number };
      const header = first.value!.header;
      expect(header.ifiIndex ?? header.ifaIndex).toBe(data.index);
      if (data.ifi_type !== undefined) expect(header.ifiType).toBe(data.ifi_type);
      if (data.prefixlen !== undefined) expect(header.ifaPrefixlen).toBe(data.prefixlen);
      for (const [name, value] of data.attrs) {
        const ours = first.value!.attrs[camel(name)];
        if (typeof value === 'string' || typeof value === 'number') {
          // pyroute2 names some enumerations (IFLA_OPERSTATE 'UNKNOWN'); linx keeps the number: compare the rest.
          if (typeof ours === typeof value) {
            expect({ name, value: ours }).toEqual({ name, value });
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('prints each packet and message as text', () => {
    const text = linxOk('decode', PCAP);
    expect(text.split('\n').filter((l) => /^#\d+ /.test(l))).toHaveLength(19);
    expect(text).toContain('  RTM_NEWLINK flags=0x2 ');
    expect(text).toContain('"ifname":"lo"');
  });

  it('a file that is not there, or not a capture, is an error with the file named', () => {
    const missing = linx('decode', '/nonexistent.pcap');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('/nonexistent.pcap');
    const notCapture = linx('decode', new URL('SOURCE.md', FIXTURES).pathname);
    expect(notCapture.status).toBe(2);
    expect(notCapture.stderr).toMatch(/capture|pcap/i);
  });
});
