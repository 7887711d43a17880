// nl80211 without Wi-Fi (this kernel has no cfg80211): `iw` itself runs against a fake generic netlink
// kernel inside its own process (an LD_PRELOAD shim, test-kit's fake-netlink-preload.c). Its requests for
// `iw dev`, `iw phy` and `iw dev lo scan dump` are compared with linx's; the real replies captured by
// pyroute2 (fixtures/pyroute2/iw_info_rsp.dump, iw_scan_rsp.dump) are fed to `iw dev` and `iw … scan dump`,
// and what iw prints is what linx parses. On the live kernel: the family is not there, and linx says so.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { createTestNetns, kernelSkipReason } from '@linx/test-kit';
import { NLM_F_ACK, parseMessages, type MessageInit } from '@linx/netlink-wire';
import { FamilyNotFoundError, genlMessage, open } from '../src/index.js';
import { declarations as gen, nl80211, scanResultOf } from '../src/nl80211/index.js';
import { fakeFamilies } from './helpers/fake-families.js';
import { runFakeGenl } from './helpers/fake-genl-tool.js';
import { infoReply, scanReplies } from './helpers/pyroute2-nl80211.js';

const skip = kernelSkipReason(['iw', 'gcc', 'ip', 'unshare']);
/** The id the captures carry (the nl80211 id on the host pyroute2 captured them on). */
const NL80211_ID = 28;
const message = compileMessage(genlMessage('nl80211', gen.nl80211Attrs));

describe.skipIf(skip !== undefined)(`nl80211 against iw${skip ? ` (skipped: ${skip})` : ''}`, () => {
  describe("iw's requests are linx's", () => {
    /** NL80211_CMD_GET_PROTOCOL_FEATURES answered with NL80211_PROTOCOL_FEATURE_SPLIT_WIPHY_DUMP, as every kernel since 3.10 answers it. */
    const features: MessageInit = {
      type: NL80211_ID,
      payload: message.encode({ header: { cmd: gen.commandsValues['get-protocol-features'], version: 1, reserved: 0 }, attrs: { protocolFeatures: ['split-wiphy-dump'] } }),
    };
    it.each<[string, string[], (wifi: ReturnType<typeof nl80211>) => Promise<unknown>]>([
      ['iw dev: NL80211_CMD_GET_INTERFACE dump', ['dev'], (w) => w.interfaces()],
      ['iw phy: NL80211_CMD_GET_WIPHY dump, split (after GET_PROTOCOL_FEATURES says the kernel splits)', ['phy'], (w) => w.wiphys()],
      ['iw dev lo scan dump: NL80211_CMD_GET_SCAN dump of ifindex 1', ['dev', 'lo', 'scan', 'dump'], (w) => w.scanResults(1)],
      ['iw dev lo info: NL80211_CMD_GET_INTERFACE of ifindex 1', ['dev', 'lo', 'info'], (w) => w.interface(1).catch(() => undefined)],
    ])('%s', async (_, args, call) => {
      const run = runFakeGenl(['iw', ...args], 'nl80211', NL80211_ID, [], [features]);
      expect(run.status, run.stderr).toBe(0);
      // iw asks for the protocol features first, to know whether to ask for a split dump; linx always does.
      const theirs = run.sent.filter((m) => m.type === NL80211_ID && m.payload[0] !== gen.commandsValues['get-protocol-features']);
      const fake = fakeFamilies({ nl80211: { id: NL80211_ID } }, (req, k) => (req.flags & 0x300 ? k.multipart(req, [], { type: NL80211_ID }) : k.ack(req)));
      await call(nl80211(fake.genl));
      const ours = fake.sent(NL80211_ID);
      expect(ours.map((m) => [...m.payload])).toEqual(theirs.map((m) => [...m.payload]));
      // iw also sets NLM_F_ACK on its dumps, which the kernel ignores on dumps; linx asks for one on a get.
      expect(ours.map((m) => m.flags | NLM_F_ACK)).toEqual(theirs.map((m) => m.flags | NLM_F_ACK));
      expect(ours.map((m) => m.flags & 0x300)).toEqual(theirs.map((m) => m.flags & 0x300));
    });
  });

  it('the captured scan results: what `iw dev lo scan dump` prints from them is what linx parses', async () => {
    const { samples } = scanReplies();
    const replies = samples.flatMap((bytes) => parseMessages(bytes)).map((m) => ({ type: m.type, flags: m.flags, seq: 0, pid: 0, payload: m.payload }));
    const run = runFakeGenl(['iw', 'dev', 'lo', 'scan', 'dump'], 'nl80211', NL80211_ID, replies);
    expect(run.status, run.stderr).toBe(0);
    const blocks = run.stdout.split(/^BSS /m).slice(1);
    const fake = fakeFamilies({ nl80211: { id: NL80211_ID } }, (req, k) => k.multipart(req, replies.map((r) => r.payload), { type: NL80211_ID }));
    const ours = await nl80211(fake.genl).scanResults(1);
    expect(ours.map((b) => b.bssid)).toEqual(blocks.map((b) => b.slice(0, 17)));
    expect(ours).toEqual(replies.map((r) => scanResultOf(message.decode(r.payload).attrs)));
    for (const [i, bss] of ours.entries()) {
      const text = blocks[i]!;
      const line = (re: RegExp) => re.exec(text)?.[1];
      expect(bss.tsf).toBe(BigInt(line(/TSF: (\d+) usec/)!));
      expect(bss.frequency).toBe(Number(line(/freq: (\d+)/)));
      expect(bss.beaconInterval).toBe(Number(line(/beacon interval: (\d+) TUs/)));
      expect(bss.capability).toBe(parseInt(line(/capability: .*\(0x([0-9a-f]+)\)/)!, 16));
      expect(bss.signal!.toFixed(2)).toBe(line(/signal: (-?[\d.]+) dBm/));
      expect(bss.seenMsAgo).toBe(Number(line(/last seen: (\d+) ms ago/)));
      expect(bss.ies.ssid).toBe(line(/SSID: (.*)/));
      expect((bss.ies.supportedRates ?? []).map((r) => `${r.mbps.toFixed(1)}${r.basic ? '*' : ''} `).join('')).toBe(line(/Supported rates: (.*)$/m));
      expect(bss.ies.channel).toBe(Number(line(/DS Parameter set: channel (\d+)/)));
      const rsn = bss.ies.rsn;
      expect(rsn !== undefined).toBe(/RSN:/.test(text));
      if (rsn !== undefined) {
        expect(rsn.version).toBe(Number(line(/Version: (\d+)/)));
        expect(rsn.groupCipher).toBe(line(/Group cipher: (.*)/));
        expect(rsn.pairwiseCiphers.join(' ')).toBe(line(/Pairwise ciphers: (.*)/));
        expect(rsn.akmSuites.join(' ')).toBe(line(/Authentication suites: (.*)/));
        expect(rsn.capabilities).toBe(parseInt(line(/Capabilities: .*\(0x([0-9a-f]+)\)/)!, 16));
      }
      if (bss.ies.htOperation !== undefined) {
        expect(bss.ies.htOperation.primaryChannel).toBe(Number(line(/primary channel: (\d+)/)));
        expect(['no secondary', 'above', 'reserved', 'below'][bss.ies.htOperation.secondaryChannelOffset]).toBe(line(/secondary channel offset: (\S+)/));
      }
      if (bss.ies.vhtOperation !== undefined) {
        expect(bss.ies.vhtOperation.channelWidth).toBe(Number(line(/channel width: (\d+) \(/)));
        expect(bss.ies.vhtOperation.centerFreqSeg0).toBe(Number(line(/center freq segment 1: (\d+)/)));
        expect(bss.ies.vhtOperation.centerFreqSeg1).toBe(Number(line(/center freq segment 2: (\d+)/)));
        expect(bss.ies.vhtOperation.basicMcsSet).toBe(parseInt(line(/VHT basic MCS set: 0x([0-9a-f]+)/)!, 16));
      }
    }
  });

  it('the captured NL80211_CMD_NEW_INTERFACE (iw_info_rsp.dump): what `iw dev` prints from it is what interfaces() gives', async () => {
    const { bytes } = infoReply();
    const [msg] = parseMessages(bytes);
    const reply: MessageInit = { type: msg!.type, flags: 2, seq: 0, pid: 0, payload: msg!.payload };
    const run = runFakeGenl(['iw', 'dev'], 'nl80211', msg!.type, [reply]);
    expect(run.status, run.stderr).toBe(0);
    const fake = fakeFamilies({ nl80211: { id: msg!.type } }, (req, k) => k.multipart(req, [msg!.payload], { type: msg!.type }));
    const [ours, ...others] = await nl80211(fake.genl).interfaces();
    expect(others).toEqual([]);
    const single = fakeFamilies({ nl80211: { id: msg!.type } }, (req, k) => [{ messages: [k.reply(req, { type: msg!.type, payload: msg!.payload })] }, k.ack(req)]);
    expect(await nl80211(single.genl).interface(3)).toEqual(ours);
    const field = (re: RegExp) => re.exec(run.stdout)?.[1];
    expect(`phy#${ours!.wiphy}`).toBe(field(/^(phy#\d+)$/m));
    expect(ours!.ifname).toBe(field(/Interface (\S+)/));
    expect(ours!.ifindex).toBe(Number(field(/ifindex (\d+)/)));
    expect(ours!.wdev).toBe(BigInt(field(/wdev (0x[0-9a-f]+)/)!));
    expect(ours!.mac).toBe(field(/addr (\S+)/));
    // iw calls a station interface "managed".
    expect(ours!.iftype).toBe('station');
    expect(field(/type (\S+)/)).toBe('managed');
  });

  it('a split wiphy dump built from the spec: what `iw phy` prints from it (ciphers, interface modes, bands, channels, bitrates) is what linx merges', async () => {
    const wiphyMessage = (attrs: Parameters<typeof message.encode>[0]['attrs']): MessageInit => {
      const payload = message.encode({ header: { cmd: gen.commandsValues['new-wiphy'], version: 1, reserved: 0 }, attrs });
      // The kernel opens each band's nest without NLA_F_NESTED (nla_nest_start_noflag) and iw reads the band
      // from the raw type: clear the flag the codec sets, to send what the kernel sends.
      const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
      for (let at = 4; at + 4 <= payload.length; at += (view.getUint16(at, true) + 3) & ~3) {
        if ((view.getUint16(at + 2, true) & 0x3fff) !== 22) continue; // NL80211_ATTR_WIPHY_BANDS
        const end = at + view.getUint16(at, true);
        for (let b = at + 4; b + 4 <= end; b += (view.getUint16(b, true) + 3) & ~3) view.setUint16(b + 2, view.getUint16(b + 2, true) & 0x3fff, true);
      }
      return { type: NL80211_ID, flags: 2, seq: 0, pid: 0, payload };
    };
    const replies = [
      wiphyMessage({ wiphy: 0, wiphyName: 'phy0', generation: 1, supportedIftypes: { station: true, ap: true, monitor: true }, cipherSuites: [0x000fac01, 0x000fac04, 0x000fac02, 0x000fac0d] }),
      wiphyMessage({ wiphy: 0, wiphyName: 'phy0', wiphyBands: { '2ghz': { freqs: [{ freq: 2412, maxTxPower: 2000 }, { freq: 2467, disabled: true }], rates: [{ rate: 10 }, { rate: 55 }, { rate: 540 }], htCapa: 0x11ef } } }),
      wiphyMessage({ wiphy: 0, wiphyName: 'phy0', wiphyBands: { '5ghz': { freqs: [{ freq: 5180, maxTxPower: 2300, noIr: true, radar: true }] } } }),
    ];
    const features: MessageInit = { type: NL80211_ID, payload: message.encode({ header: { cmd: gen.commandsValues['get-protocol-features'], version: 1, reserved: 0 }, attrs: { protocolFeatures: ['split-wiphy-dump'] } }) };
    const run = runFakeGenl(['iw', 'phy'], 'nl80211', NL80211_ID, replies, [features]);
    expect(run.status, run.stderr).toBe(0);
    const fake = fakeFamilies({ nl80211: { id: NL80211_ID } }, (req, k) => k.multipart(req, replies.map((r) => r.payload!), { type: NL80211_ID }));
    const [phy, ...others] = await nl80211(fake.genl).wiphys();
    expect(others).toEqual([]);
    const text = run.stdout;
    expect(`Wiphy ${phy!.name}`).toBe(/^Wiphy (\S+)/m.exec(text)![0]);
    expect(phy!.cipherSuites).toEqual([...text.matchAll(/^\t\t\* (\S+) \(00-0f-ac:\d+\)$/gm)].map((m) => m[1]));
    // iw names the station type "managed" (nl80211's NL80211_IFTYPE_STATION).
    expect(phy!.supportedIftypes.map((t) => (t === 'station' ? 'managed' : t === 'ap' ? 'AP' : t))).toEqual([...text.split('Supported interface modes:')[1]!.split(/\tBand/)[0]!.matchAll(/\* (\S+)/g)].map((m) => m[1]));
    const bands = text.split(/^\tBand \d+:$/m).slice(1);
    expect(phy!.bands.map((b) => b.band)).toEqual(['2ghz', '5ghz']);
    expect(bands).toHaveLength(2);
    for (const [i, band] of phy!.bands.entries()) {
      const theirs = [...bands[i]!.matchAll(/\* (\d+) MHz \[\d+\] (.*)$/gm)].map((m) => [Number(m[1]), m[2]]);
      expect(band.frequencies.map((f) => [f.mhz, f.disabled ? '(disabled)' : `(${(f.maxTxPower! / 100).toFixed(1)} dBm)${f.noIr || f.radar ? ` (${[f.noIr && 'passive scan', f.radar && 'radar detection'].filter(Boolean).join(', ')})` : ''}`])).toEqual(theirs);
      expect(band.bitrates).toEqual([...bands[i]!.matchAll(/\* ([\d.]+) Mbps/g)].map((m) => Number(m[1])));
      if (band.htCapa !== undefined) expect(band.htCapa).toBe(parseInt(/Capabilities: 0x([0-9a-f]+)/.exec(bands[i]!)![1]!, 16));
    }
  });

  it('this kernel has no nl80211 (no cfg80211; nlctrl says so): FamilyNotFoundError naming it', async () => {
    const ns = createTestNetns('linx-test-nl80211');
    const genl = open({ netns: ns.name });
    try {
      expect((await genl.families()).map((f) => f.name)).not.toContain('nl80211');
      await expect(nl80211(genl).interfaces()).rejects.toBeInstanceOf(FamilyNotFoundError);
      await expect(nl80211(genl).wiphys()).rejects.toMatchObject({ code: 'ERR_LINX_GENL_FAMILY_NOT_FOUND', family: 'nl80211' });
    } finally {
      genl.close();
      ns.remove();
    }
  });
});
