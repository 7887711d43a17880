// The family clients without a kernel (FakeKernel): arguments refused before anything is sent, replies
// decoded, and WireGuard's cutting of a large change into messages checked for what it must keep (every
// message within the limit, every peer and allowed IP sent once and in order, a continued peer under its
// key alone). What they send is compared with the tools' own requests in the *.live.test.ts files.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { errnoNumber } from '@linx/netlink-wire';
import { genlMessage } from '../src/index.js';
import { declarations as mptcpGen, mptcp } from '../src/mptcp/index.js';
import { declarations as tmGen, tcpMetrics } from '../src/tcp-metrics/index.js';
import { netdev } from '../src/netdev/index.js';
import { taskstats } from '../src/taskstats/index.js';
import { nl80211 } from '../src/nl80211/index.js';
import { declarations as wgGen, deviceFromDump, keyFromBase64, keyToBase64, splitSetDevice, wireguard, WG_MESSAGE_MAX } from '../src/wireguard/index.js';
import { fakeFamilies } from './helpers/fake-families.js';

const ID = 0x30;
const key = (seed: number) => keyToBase64(Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 7) & 0xff));

describe('MPTCP path manager (fake kernel)', () => {
  const pm = compileMessage(genlMessage('mptcp_pm', mptcpGen.attrAttrs));
  it('endpoints: the dump decoded (addresses as text, flags by name, port and interface when set)', async () => {
    const reply = (addr: object) => pm.encode({ header: { cmd: mptcpGen.commandValues['add-addr'], version: 1, reserved: 0 }, attrs: { addr } });
    const fake = fakeFamilies({ mptcp_pm: { id: ID } }, (req, k) =>
      k.multipart(req, [reply({ family: 2, id: 1, addr4: 0x0a000001, flags: ['signal'], port: 8080, ifIdx: 3 }), reply({ family: 10, id: 2, addr6: Uint8Array.of(0xfd, ...new Array(14).fill(0), 1), flags: ['subflow', 'backup'] })], { type: ID }),
    );
    expect(await mptcp(fake.genl).endpoints()).toEqual([
      { id: 1, address: '10.0.0.1', port: 8080, flags: ['signal'], ifindex: 3 },
      { id: 2, address: 'fd00::1', flags: ['subflow', 'backup'] },
    ]);
  });

  it('an id the kernel does not have: MptcpEndpointNotFoundError; bad arguments: nothing sent', async () => {
    const fake = fakeFamilies({ mptcp_pm: { id: ID } }, (req, k) => k.error(req, errnoNumber('EINVAL')!, { message: 'address not found' }));
    const p = mptcp(fake.genl);
    await expect(p.endpoint(9)).rejects.toMatchObject({ code: 'ERR_LINX_MPTCP_ENDPOINT_NOT_FOUND', id: 9 });
    const sent = fake.kernel.requests.length;
    await expect(p.addEndpoint({ address: 'fd00::1::2' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(p.addEndpoint({ address: '10.0.0.1', flags: 'signal' as never })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(p.setLimits({ addAddrAccepted: 2 ** 32 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(p.endpoint(0)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(fake.kernel.requests.length).toBe(sent);
  });
});

describe('tcp_metrics (fake kernel)', () => {
  it("RTTs unscaled from the kernel's fixed point (srtt << 3, mdev << 2); the µs values preferred, the ms ones used without them", async () => {
    const m = compileMessage(genlMessage('tcp_metrics', tmGen.tcpMetricsAttrs));
    const reply = (attrs: object) => m.encode({ header: { cmd: tmGen.commandValues.get, version: 1, reserved: 0 }, attrs });
    const fake = fakeFamilies({ tcp_metrics: { id: ID } }, (req, k) =>
      k.multipart(req, [reply({ addrIpv4: '10.0.0.2', saddrIpv4: '10.0.0.1', age: 1500n, vals: { rttUs: 800, rttvarUs: 400, rtt: 1, rttvar: 1, cwnd: 10 } }), reply({ addrIpv4: '10.0.0.3', age: 7n, vals: { rtt: 8, rttvar: 4 } })], { type: ID }),
    );
    const [a, b] = await tcpMetrics(fake.genl).list();
    expect(a).toEqual({ address: '10.0.0.2', source: '10.0.0.1', age: 1500n, rttUs: 100, rttvarUs: 100, cwnd: 10 });
    expect(b).toEqual({ address: '10.0.0.3', age: 7n, rttUs: 1000, rttvarUs: 1000 });
  });
});

describe('netdev, taskstats, nl80211: bad arguments refused before anything is sent', () => {
  it.each<[string, (genl: ReturnType<typeof fakeFamilies>['genl']) => Promise<unknown>]>([
    ['netdev device index 0', (g) => netdev(g).device(0)],
    ['netdev queue type', (g) => netdev(g).queue(1, 'both' as never, 0)],
    ['taskstats pid 0', (g) => taskstats(g).pid(0)],
    ['taskstats tgid not an integer', (g) => taskstats(g).tgid(2.5)],
    ['nl80211 scan of index -1', (g) => nl80211(g).scanResults(-1)],
    ['nl80211 scan of a name that cannot be one', (g) => nl80211(g).scanResults('a b')],
  ])('%s', async (_, call) => {
    const fake = fakeFamilies({ netdev: { id: ID }, TASKSTATS: { id: ID }, nl80211: { id: ID } });
    await expect(call(fake.genl)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(fake.kernel.requests).toEqual([]);
  });
});

describe('WireGuard without a kernel', () => {
  it('keys: base64 of exactly 32 bytes, canonical; anything else refused naming the argument', () => {
    expect(keyToBase64(keyFromBase64(key(1), 'k'))).toBe(key(1));
    for (const bad of [keyToBase64(new Uint8Array(31)), keyToBase64(new Uint8Array(33)), `${key(1).slice(0, 42)}B=`, 'x'.repeat(44), 42]) {
      expect(() => keyFromBase64(bad, 'privateKey')).toThrow(expect.objectContaining({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'privateKey' }));
    }
  });

  it('a large change is cut into messages of at most WG_MESSAGE_MAX bytes that carry every peer and allowed IP once, in order; a continued peer carries its key alone', async () => {
    const peers = Array.from({ length: 50 }, (_, i) => ({ publicKey: key(i + 2), endpoint: `192.0.2.${i}:51820`, persistentKeepalive: 25, replaceAllowedIps: true, allowedIps: Array.from({ length: (i * 37) % 120 }, (_, j) => `10.${i}.${j}.0/24`) }));
    const fake = fakeFamilies({ wireguard: { id: ID } });
    await wireguard(fake.genl).setDevice('wg0', { privateKey: key(1), listenPort: 1, replacePeers: true, peers });
    const sent = fake.sent(ID);
    expect(sent.length).toBeGreaterThan(3);
    const decode = compileMessage(genlMessage('wireguard', wgGen.wgdeviceAttrs));
    const seen: [string, string[]][] = [];
    for (const [i, m] of sent.entries()) {
      expect(m.payload.length + 16).toBeLessThanOrEqual(WG_MESSAGE_MAX);
      const { attrs } = decode.decode(m.payload);
      expect(attrs.ifname).toBe('wg0');
      // The device's settings (and REPLACE_PEERS) only in the first message.
      expect([attrs.privateKey !== undefined, attrs.flags !== undefined]).toEqual([i === 0, i === 0]);
      for (const [j, p] of (attrs.peers ?? []).entries()) {
        const k = keyToBase64(p.publicKey!);
        const ips = (p.allowedips ?? []).map((a) => `${a.ipaddr!.join('.')}/${a.cidrMask}`);
        const last = seen[seen.length - 1];
        if (j === 0 && last?.[0] === k) {
          // A continuation: no flags (REPLACE_ALLOWEDIPS would drop the first part), no endpoint.
          expect([p.flags, p.endpoint]).toEqual([undefined, undefined]);
          last[1].push(...ips);
        } else seen.push([k, ips]);
      }
    }
    expect(seen).toEqual(peers.map((p) => [p.publicKey, p.allowedIps]));
  });

  it('removeAllowedIps: each sent with WGALLOWEDIP_F_REMOVE_ME (kernel 6.15+; wg 1.0.20210914 here cannot send it), after the ones added', async () => {
    const fake = fakeFamilies({ wireguard: { id: ID } });
    await wireguard(fake.genl).setDevice(3, { peers: [{ publicKey: key(2), allowedIps: ['10.1.0.0/16'], removeAllowedIps: ['10.2.0.0/16', 'fd00::/8'] }] });
    const [sent] = fake.sent(ID);
    const { attrs } = compileMessage(genlMessage('wireguard', wgGen.wgdeviceAttrs)).decode(sent!.payload);
    expect(attrs.ifindex).toBe(3);
    expect(attrs.peers![0]!.allowedips!.map((a) => [a.family, a.cidrMask, a.flags ?? []])).toEqual([
      [2, 16, []],
      [2, 16, ['remove-me']],
      [10, 8, ['remove-me']],
    ]);
    expect(wgGen.wgallowedipFlagsValues['remove-me']).toBe(1);
  });

  it('splitSetDevice: a change that fits is one message, unchanged', () => {
    const device = { ifname: 'wg0', listenPort: 5 };
    expect(splitSetDevice(device, { ifname: 'wg0' }, [])).toEqual([device]);
  });

  it('deviceFromDump: a peer continued at the start of the next message is one peer; the same key later on is not merged into an earlier one', () => {
    const k = (s: number) => keyFromBase64(key(s), 'k');
    const ip = (n: number) => ({ family: 2, ipaddr: Uint8Array.of(10, 0, 0, n), cidrMask: 32 });
    const device = deviceFromDump([
      { ifindex: 4, ifname: 'wg0', listenPort: 7, privateKey: new Uint8Array(32), peers: [{ publicKey: k(2), allowedips: [ip(1)] }, { publicKey: k(3), allowedips: [ip(2)] }] },
      { ifindex: 4, ifname: 'wg0', peers: [{ publicKey: k(3), allowedips: [ip(3)] }, { publicKey: k(4) }] },
    ]);
    expect(device.privateKey).toBeUndefined();
    expect(device.peers.map((p) => [p.publicKey, p.allowedIps])).toEqual([
      [key(2), ['10.0.0.1/32']],
      [key(3), ['10.0.0.2/32', '10.0.0.3/32']],
      [key(4), []],
    ]);
  });
});
