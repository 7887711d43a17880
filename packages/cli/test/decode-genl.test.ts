// `linx decode` of a generic netlink family by its declarations: the nl80211 reply in fixtures/pyroute2
// (iw_info_rsp.dump, taken on a real host, with pyroute2's own decode of it) is put into a pcap as nlmon
// would capture it, and linx must name it and decode it to pyroute2's values. Its family id (27 there) is
// given with `family 27=nl80211`, as the capture holds no nlctrl reply naming it. No kernel.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linx, linxJson } from './helpers/linx.js';

const DUMP = new URL('../../../../shared/fixtures/pyroute2/iw_info_rsp.dump', import.meta.url);

/** The escaped hex (\xNN) before the first comment, and the JSON after `#: application/json`. */
function readDump(): { bytes: Uint8Array; expected: { cmd: number; attrs: [string, unknown][]; header: { type: number } }[] } {
  const text = readFileSync(DUMP, 'utf8');
  const hex = text.slice(0, text.indexOf('#'));
  const bytes = Uint8Array.from([...hex.matchAll(/\\x([0-9a-f]{2})/gi)].map((m) => parseInt(m[1]!, 16)));
  const expected = JSON.parse(text.slice(text.indexOf('#: application/json') + '#: application/json'.length));
  return { bytes, expected };
}

/**
 * A classic pcap (LINKTYPE_NETLINK, 253) holding `message` as nlmon captures it: the 16-byte cooked header
 * (packet type 4, ARPHRD_NETLINK 824, netlink protocol in the last two bytes, all big-endian) before it.
 */
function pcapOf(message: Uint8Array, protocol: number): Uint8Array {
  const out = new Uint8Array(24 + 16 + 16 + message.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, 65535, true);
  view.setUint32(20, 253, true);
  view.setUint32(24, 1_700_000_000, true);
  view.setUint32(32, 16 + message.length, true);
  view.setUint32(36, 16 + message.length, true);
  view.setUint16(40, 4);
  view.setUint16(42, 824);
  view.setUint16(54, protocol);
  out.set(message, 56);
  return out;
}

describe('linx decode, a generic netlink family by its declarations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linx-decode-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { bytes, expected } = readDump();
  const file = join(dir, 'nl80211.pcap');
  writeFileSync(file, pcapOf(bytes, 16));

  it('names the nl80211 reply by its operation and decodes it to pyroute2\'s values', () => {
    const [reference] = expected;
    const [packet] = linxJson('decode', file, 'family', `${reference!.header.type}=nl80211`);
    const [message] = packet.messages;
    expect(message.type).toBe('nl80211 get-interface-reply');
    expect(message.value.header.cmd).toBe(reference!.cmd);
    const attrs = message.value.attrs as Record<string, unknown>;
    const camel = (name: string) => name.replace(/^NL80211_ATTR_/, '').toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    for (const [name, value] of reference!.attrs) {
      // pyroute2 prints a u64 as a number; linx as a decimal string (JSON has no 64-bit integers).
      const raw = attrs[camel(name)];
      const ours = typeof value === 'number' && typeof raw === 'string' ? Number(raw) : raw;
      expect({ name, value: ours }).toEqual({ name, value });
    }
    expect(reference!.attrs.length).toBe(7);
  });

  it('without the family named, it is shown raw by id; a bad family word is a usage error', () => {
    const [packet] = linxJson('decode', file);
    expect(packet.messages[0].type).toBe('type 27');
    expect(packet.messages[0].raw).toContain('len=');
    expect(linx('decode', file, 'family', 'nl80211').status).toBe(2);
  });
});
