import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMessages } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { attr, attrset, binary, compileMessage, enumOf, flag, mac, message, nest, s32, string, struct, u16, u32, u64, u8 } from '../src/index.js';

// A subset of nl80211 (facts from linux/nl80211.h), enough for pyroute2's captured replies.
const genlmsghdr = struct('genlmsghdr', { cmd: u8(), version: u8(), reserved: u16() });
const iftype = enumOf(u32(), { unspecified: 0, adhoc: 1, station: 2, ap: 3, apVlan: 4, wds: 5, monitor: 6, meshPoint: 7 });
const bssAttrs = attrset('bss', {
  bssid: attr(1, mac()),
  frequency: attr(2, u32()),
  tsf: attr(3, u64()),
  beaconInterval: attr(4, u16()),
  capability: attr(5, u16()),
  informationElements: attr(6, binary()),
  signalMbm: attr(7, s32()),
  status: attr(9, u32()),
  seenMsAgo: attr(10, u32()),
  beaconIes: attr(11, binary()),
  chanWidth: attr(12, u32()),
  beaconTsf: attr(13, u64()),
  prespData: attr(14, flag()),
  lastSeenBoottime: attr(15, u64()),
});
const nl80211Attrs = attrset('nl80211', {
  wiphy: attr(1, u32()),
  ifindex: attr(3, u32()),
  ifname: attr(4, string()),
  iftype: attr(5, iftype),
  mac: attr(6, mac()),
  generation: attr(46, u32()),
  bss: attr(47, nest(bssAttrs)),
  wdev: attr(153, u64()),
});
const nl80211 = compileMessage(message('nl80211', { header: genlmsghdr, attrs: nl80211Attrs }));

// The repository's fixtures, found upwards from here (the mutation sandbox sits deeper than test/).
let root = fileURLToPath(new URL('..', import.meta.url));
while (!existsSync(join(root, 'pnpm-workspace.yaml')) && dirname(root) !== root) root = dirname(root);
const text = (name: string) => readFileSync(join(root, 'fixtures', 'pyroute2', name), 'utf8');

describe('nl80211 replies captured by pyroute2', () => {
  it('NL80211_CMD_NEW_INTERFACE decodes as pyroute2 decoded it, and re-encodes byte for byte', () => {
    const [hexLine, rest] = text('iw_info_rsp.dump').split('\n#: application/json\n') as [string, string];
    const bytes = Uint8Array.from(hexLine.trim().split('\\x').filter(Boolean), (h) => parseInt(h, 16));
    const reference = JSON.parse(rest.slice(0, rest.lastIndexOf(']') + 1))[0];
    const [msg] = parseMessages(bytes);
    expect(msg!.type).toBe(reference.header.type);
    const value = nl80211.decode(msg!.payload);
    expect(value.header).toEqual({ cmd: reference.cmd, version: reference.version, reserved: reference.reserved });
    const attrs = Object.fromEntries(reference.attrs as [string, unknown][]);
    expect(value.attrs).toEqual({
      ifindex: attrs.NL80211_ATTR_IFINDEX,
      ifname: attrs.NL80211_ATTR_IFNAME,
      wiphy: attrs.NL80211_ATTR_WIPHY,
      iftype: 'station',
      wdev: BigInt(attrs.NL80211_ATTR_WDEV as number),
      mac: attrs.NL80211_ATTR_MAC,
      generation: attrs.NL80211_ATTR_GENERATION,
    });
    expect(attrs.NL80211_ATTR_IFTYPE).toBe(2);
    expect(nl80211.encode(value)).toEqual(msg!.payload);
  });

  it('scan results (NL80211_CMD_NEW_SCAN_RESULTS): every sample decodes and re-encodes byte for byte', () => {
    const dump = text('iw_scan_rsp.dump');
    const samples = dump
      .split(/^# sample \d+$/m)
      .slice(1)
      .map((block) => block.trim().split(/\n\s*\n/)[0]!)
      .map((block) => Uint8Array.from(block.split(/[\s:]+/).filter(Boolean), (h) => parseInt(h, 16)));
    expect(samples).toHaveLength(4);
    // pyroute2's reference decode lists the BSSIDs and ages in sample order.
    const bssids = [...dump.matchAll(/'NL80211_BSS_BSSID', '([0-9a-f:]+)'/g)].map((m) => m[1]);
    const ages = [...dump.matchAll(/'NL80211_BSS_SEEN_MS_AGO', (\d+)/g)].map((m) => Number(m[1]));
    samples.forEach((bytes, i) => {
      const [msg] = parseMessages(bytes);
      expect(msg!.type).toBe(28);
      const value = nl80211.decode(msg!.payload);
      expect(value.header.cmd).toBe(34); // NL80211_CMD_NEW_SCAN_RESULTS
      expect(value.attrs.bss?.bssid).toBe(bssids[i]);
      expect(value.attrs.bss?.frequency).toBe(5180);
      expect(value.attrs.bss?.beaconInterval).toBe(100);
      expect(value.attrs.bss?.seenMsAgo).toBe(ages[i]);
      expect(nl80211.encode(value)).toEqual(msg!.payload);
    });
  });
});
