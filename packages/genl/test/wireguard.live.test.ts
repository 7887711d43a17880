// WireGuard without a wireguard module (this kernel has none). Requests: `wg` itself (wireguard-tools) is
// run against a fake generic netlink kernel inside its own process (test-kit's LD_PRELOAD shim,
// fake-netlink-preload.c) that resolves the family and records what wg builds; linx's requests for the
// same change are recorded by FakeKernel and compared message by message, including how a large
// configuration is cut into messages. Replies: built from the spec with the codec, decoded by linx and
// fed to `wg show DEV dump` through the same shim, whose output must say the same. On the live kernel:
// the family is not there, and linx says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { createTestNetns, kernelSkipReason, type TestNetns } from '@linx/test-kit';
import { NLA_F_NESTED, NLM_F_ACK, NLM_F_DUMP, NLM_F_MULTI, NLM_F_REQUEST, type MessageInit, type NetlinkMessage } from '@linx/netlink-wire';
import { FamilyNotFoundError, genlMessage, open } from '../src/index.js';
import { declarations as gen, deviceFromDump, keyToBase64, wireguard, WireGuardNoSuchDeviceError, type DeviceConfig, type PeerConfig, type WireGuard, type WireGuardDevice } from '../src/wireguard/index.js';
import { canonicalGenl } from './helpers/canonical.js';
import { fakeFamilies } from './helpers/fake-families.js';
import { runFakeGenl, scratchFile } from './helpers/fake-genl-tool.js';

const skip = kernelSkipReason(['wg', 'gcc', 'ip', 'unshare']);
const WG_ID = 27;

/** A key from a seed byte pattern (valid base64 of 32 bytes). */
const key = (seed: number) => keyToBase64(Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 7) & 0xff));

/**
 * A WG_CMD_SET_DEVICE payload with the types of array entries (each peer, each allowed IP) set to 0 as
 * wg and the kernel write them; linx's codec numbers them 0, 1, 2, … (YNL's indexed-array). The kernel
 * reads neither (nla_for_each_nested), so this is the one difference the comparison forgives.
 */
function zeroArrayTypes(payload: Uint8Array): Uint8Array {
  const out = payload.slice();
  const view = new DataView(out.buffer);
  const walk = (start: number, end: number, each: (at: number, type: number, bodyStart: number, bodyEnd: number) => void) => {
    for (let at = start; at + 4 <= end; ) {
      const len = view.getUint16(at, true);
      each(at, view.getUint16(at + 2, true) & 0x3fff, at + 4, at + len);
      at += (len + 3) & ~3;
    }
  };
  walk(4, out.length, (_, type, s, e) => {
    if (type !== 8) return; // WGDEVICE_A_PEERS
    walk(s, e, (peerAt, _t, ps, pe) => {
      view.setUint16(peerAt + 2, NLA_F_NESTED, true);
      walk(ps, pe, (_a, ptype, as, ae) => {
        if (ptype === 9) walk(as, ae, (ipAt) => view.setUint16(ipAt + 2, NLA_F_NESTED, true)); // WGPEER_A_ALLOWEDIPS
      });
    });
  });
  return out;
}

/** The wgdevice payloads linx sends for `call`, recorded by a fake kernel that ACKs them. */
async function linxSends(call: (wg: WireGuard) => Promise<unknown>): Promise<NetlinkMessage[]> {
  const fake = fakeFamilies({ wireguard: { id: WG_ID } });
  await call(wireguard(fake.genl));
  return fake.sent(WG_ID);
}

function wgSends(args: string[]): NetlinkMessage[] {
  const run = runFakeGenl(['wg', ...args], 'wireguard', WG_ID);
  expect(run.status, run.stderr).toBe(0);
  return run.sent.filter((m) => m.type === WG_ID);
}

function expectSameRequests(ours: NetlinkMessage[], theirs: NetlinkMessage[]) {
  expect(ours.map((m) => m.payload.length)).toEqual(theirs.map((m) => m.payload.length));
  for (const [i, m] of theirs.entries()) {
    expect(ours[i]!.flags, `message ${i}`).toBe(m.flags);
    expect(canonicalGenl(zeroArrayTypes(ours[i]!.payload)), `message ${i} of ${theirs.length}`).toEqual(canonicalGenl(zeroArrayTypes(m.payload)));
  }
}

/** A wg configuration file (`wg setconf`) and the same configuration for linx (setconf replaces peers and each peer's allowed IPs). */
function config(device: { privateKey: string; listenPort?: number; fwmark?: number }, peers: PeerConfig[]): { text: string; linx: DeviceConfig } {
  const lines = ['[Interface]', `PrivateKey = ${device.privateKey}`];
  if (device.listenPort !== undefined) lines.push(`ListenPort = ${device.listenPort}`);
  if (device.fwmark !== undefined) lines.push(`FwMark = ${device.fwmark}`);
  for (const p of peers) {
    lines.push('', '[Peer]', `PublicKey = ${p.publicKey}`);
    if (p.presharedKey) lines.push(`PresharedKey = ${p.presharedKey}`);
    if (p.endpoint) lines.push(`Endpoint = ${p.endpoint}`);
    if (p.persistentKeepalive) lines.push(`PersistentKeepalive = ${p.persistentKeepalive}`);
    if (p.allowedIps?.length) lines.push(`AllowedIPs = ${p.allowedIps.join(', ')}`);
  }
  return {
    text: `${lines.join('\n')}\n`,
    // setconf sets the whole device: a fwmark it does not give is 0 (wg sends it so).
    linx: { privateKey: device.privateKey, ...(device.listenPort === undefined ? {} : { listenPort: device.listenPort }), fwmark: device.fwmark ?? 0, replacePeers: true, peers: peers.map((p) => ({ ...p, replaceAllowedIps: true })) },
  };
}

/** A pseudo-random configuration (seeded): peers with v4/v6 allowed IPs in varying numbers, some with endpoints, keepalives, preshared keys. */
function randomConfig(seed: number, peerCount: number, maxIps: number) {
  let s = seed;
  const rnd = (n: number) => ((s = (s * 1103515245 + 12345) & 0x7fffffff), s % n);
  const peers: PeerConfig[] = [];
  for (let i = 0; i < peerCount; i++) {
    const ips = Array.from({ length: rnd(maxIps + 1) }, (_, j) => (rnd(2) ? `10.${i & 0xff}.${j & 0xff}.0/24` : `fd00:${i.toString(16)}:${j.toString(16)}::/64`));
    peers.push({
      publicKey: key(seed + i + 1),
      ...(rnd(3) === 0 ? { presharedKey: key(seed + 1000 + i) } : {}),
      ...(rnd(2) ? { endpoint: rnd(2) ? `192.0.2.${i & 0xff}:${1000 + i}` : `[2001:db8::${i.toString(16)}]:${2000 + i}` } : {}),
      ...(rnd(4) === 0 ? { persistentKeepalive: 25 } : {}),
      allowedIps: ips,
    });
  }
  return config({ privateKey: key(seed), listenPort: 40000 + seed, ...(rnd(2) ? { fwmark: 0x1234 } : {}) }, peers);
}

describe.skipIf(skip !== undefined)(`WireGuard requests and replies against wg (wireguard-tools)${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const PSK = scratchFile('psk', `${key(99)}\n`);
  const PRIV = scratchFile('priv', `${key(1)}\n`);

  describe("wg's requests are linx's, message by message", () => {
    it.each<[string, string[], DeviceConfig]>([
      [
        'wg set: private key, port, fwmark, a peer with everything',
        ['set', 'wgx', 'private-key', PRIV, 'listen-port', '51820', 'fwmark', '0x10', 'peer', key(2), 'preshared-key', PSK, 'endpoint', '[fd00::1]:51820', 'persistent-keepalive', '25', 'allowed-ips', '10.0.0.0/24,fd00::/64'],
        { privateKey: key(1), listenPort: 51820, fwmark: 0x10, peers: [{ publicKey: key(2), presharedKey: key(99), endpoint: '[fd00::1]:51820', persistentKeepalive: 25, replaceAllowedIps: true, allowedIps: ['10.0.0.0/24', 'fd00::/64'] }] },
      ],
      ['wg set: an IPv4 endpoint, no allowed IPs', ['set', 'wgx', 'peer', key(3), 'endpoint', '192.0.2.7:4000'], { peers: [{ publicKey: key(3), endpoint: '192.0.2.7:4000' }] }],
      ['wg set: remove a peer', ['set', 'wgx', 'peer', key(2), 'remove'], { peers: [{ publicKey: key(2), remove: true }] }],
      ['wg set: remove the private key (/dev/null)', ['set', 'wgx', 'private-key', '/dev/null'], { privateKey: null }],
      ['wg set: remove a preshared key (/dev/null)', ['set', 'wgx', 'peer', key(2), 'preshared-key', '/dev/null'], { peers: [{ publicKey: key(2), presharedKey: null }] }],
      ['wg set: empty the allowed IPs', ['set', 'wgx', 'peer', key(2), 'allowed-ips', ''], { peers: [{ publicKey: key(2), replaceAllowedIps: true, allowedIps: [] }] }],
    ])('%s', async (_, args, linx) => {
      expectSameRequests(await linxSends((wg) => wg.setDevice('wgx', linx)), wgSends(args));
    });

    it('wg setconf of 40 peers with 3 allowed IPs and one with 400: five messages, a peer continued over four of them', async () => {
      const peers: PeerConfig[] = Array.from({ length: 40 }, (_, i) => ({ publicKey: key(i + 2), allowedIps: [0, 1, 2].map((j) => `10.${i}.${j}.0/24`) }));
      peers.push({ publicKey: key(200), allowedIps: Array.from({ length: 400 }, (_, j) => `10.200.${j >> 8}.${j & 0xff}/32`) });
      const { text, linx } = config({ privateKey: key(1), listenPort: 1000 }, peers);
      const theirs = wgSends(['setconf', 'wgx', scratchFile('big.conf', text)]);
      expect(theirs).toHaveLength(5);
      expectSameRequests(await linxSends((wg) => wg.setDevice('wgx', linx)), theirs);
    });

    it.each([
      [1, 300, 2],
      [2, 20, 200],
      [3, 120, 9],
      [4, 3, 700],
      [5, 60, 30],
    ])('wg setconf of a random configuration (seed %i: %i peers, up to %i allowed IPs each) is cut where wg cuts it', async (seed, peers, ips) => {
      const { text, linx } = randomConfig(seed, peers, ips);
      const theirs = wgSends(['setconf', 'wgx', scratchFile(`random-${seed}.conf`, text)]);
      expect(theirs.length).toBeGreaterThan(1);
      expectSameRequests(await linxSends((wg) => wg.setDevice('wgx', linx)), theirs);
    });

    it('wg show DEV: the dump request (by name)', async () => {
      const theirs = runFakeGenl(['wg', 'show', 'wgx', 'dump'], 'wireguard', WG_ID).sent.filter((m) => m.type === WG_ID);
      const fake = fakeFamilies({ wireguard: { id: WG_ID } }, (req, k) => k.multipart(req, [], { type: WG_ID }));
      await wireguard(fake.genl).device('wgx').catch(() => undefined);
      const ours = fake.sent(WG_ID);
      expect(ours.map((m) => [...m.payload])).toEqual(theirs.map((m) => [...m.payload]));
      // wg also sets NLM_F_ACK on the dump, which the kernel ignores on dumps (netlink_rcv_skb acks no dump).
      expect(ours.map((m) => m.flags | NLM_F_ACK)).toEqual(theirs.map((m) => m.flags));
    });
  });

  describe('replies built from the spec: linx reads what `wg show DEV dump` prints from the same bytes', () => {
    const device = compileMessage(genlMessage('wgdevice', gen.wgdeviceAttrs));
    const reply = (attrs: Parameters<typeof device.encode>[0]['attrs']): MessageInit => ({ type: WG_ID, flags: NLM_F_MULTI, seq: 0, pid: 0, payload: device.encode({ header: { cmd: gen.commandValues['get-device'], version: 1, reserved: 0 }, attrs }) });
    const bytes = (seed: number) => Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 7) & 0xff);
    const sin = (a: number[], port: number) => Uint8Array.of(2, 0, port >> 8, port & 0xff, ...a, 0, 0, 0, 0, 0, 0, 0, 0);
    const v4 = (a: number[], cidr: number) => ({ family: 2, ipaddr: Uint8Array.from(a), cidrMask: cidr });

    /** `wg show DEV dump` as { device line, peer lines } of fields. */
    function wgDump(replies: MessageInit[]) {
      const run = runFakeGenl(['wg', 'show', 'wgx', 'dump'], 'wireguard', WG_ID, replies);
      expect(run.status, run.stderr).toBe(0);
      return run.stdout.trim().split('\n').map((l) => l.split('\t'));
    }
    /** linx's device in the same fields. */
    function asDump(d: WireGuardDevice) {
      return [
        [d.privateKey ?? '(none)', d.publicKey ?? '(none)', String(d.listenPort), d.fwmark ? `0x${d.fwmark.toString(16)}` : 'off'],
        ...d.peers.map((p) => [
          p.publicKey,
          p.presharedKey ?? '(none)',
          p.endpoint ?? '(none)',
          p.allowedIps.length ? p.allowedIps.join(',') : '(none)',
          String(p.lastHandshake?.sec ?? 0n),
          String(p.rxBytes),
          String(p.txBytes),
          p.persistentKeepalive ? String(p.persistentKeepalive) : 'off',
        ]),
      ];
    }

    it('a device in one message: keys, port, fwmark, peers with endpoints, handshakes, counters, allowed IPs', async () => {
      const replies = [
        reply({
          ifindex: 5,
          ifname: 'wgx',
          privateKey: bytes(1),
          publicKey: bytes(2),
          listenPort: 51820,
          fwmark: 0x42,
          peers: [
            { publicKey: bytes(3), presharedKey: bytes(4), endpoint: sin([192, 0, 2, 1], 4000), persistentKeepaliveInterval: 25, lastHandshakeTime: { sec: 1700000000n, nsec: 5n }, rxBytes: 1234n, txBytes: 5678n, allowedips: [v4([10, 0, 0, 0], 24), { family: 10, ipaddr: Uint8Array.of(0xfd, 0, ...new Array(14).fill(0)), cidrMask: 64 }], protocolVersion: 1 },
            { publicKey: bytes(5), presharedKey: new Uint8Array(32), rxBytes: 0n, txBytes: 0n, allowedips: [] },
          ],
        }),
      ];
      const fake = fakeFamilies({ wireguard: { id: WG_ID } }, (req, k) => k.multipart(req, replies.map((r) => r.payload!), { type: WG_ID }));
      const ours = await wireguard(fake.genl).device('wgx');
      expect(ours).toMatchObject({ ifindex: 5, ifname: 'wgx', listenPort: 51820, fwmark: 0x42, privateKey: keyToBase64(bytes(1)) });
      expect(ours.peers[0]).toMatchObject({ endpoint: '192.0.2.1:4000', allowedIps: ['10.0.0.0/24', 'fd00::/64'], lastHandshake: { sec: 1700000000n, nsec: 5n }, protocolVersion: 1 });
      expect(ours.peers[1]!.presharedKey).toBeUndefined();
      expect(asDump(ours)).toEqual(wgDump(replies));
    });

    it('a device cut over three messages, a peer continued across them (the kernel does so when its allowed IPs do not fit): merged as wg merges it', () => {
      const ips = (n: number, from: number) => Array.from({ length: n }, (_, j) => v4([10, 9, (from + j) >> 8, (from + j) & 0xff], 32));
      const replies = [
        reply({ ifindex: 5, ifname: 'wgx', privateKey: bytes(1), publicKey: bytes(2), listenPort: 1, peers: [{ publicKey: bytes(3), allowedips: ips(2, 0) }, { publicKey: bytes(4), endpoint: sin([192, 0, 2, 9], 9), allowedips: ips(3, 0) }] }),
        reply({ ifindex: 5, ifname: 'wgx', peers: [{ publicKey: bytes(4), allowedips: ips(3, 3) }, { publicKey: bytes(6), allowedips: ips(1, 100) }] }),
        reply({ ifindex: 5, ifname: 'wgx', peers: [{ publicKey: bytes(6), allowedips: ips(2, 101) }] }),
      ];
      const decode = compileMessage(genlMessage('wgdevice', gen.wgdeviceAttrs));
      const ours = deviceFromDump(replies.map((r) => decode.decode(r.payload!).attrs));
      expect(ours.peers.map((p) => p.allowedIps.length)).toEqual([2, 6, 3]);
      expect(asDump(ours)).toEqual(wgDump(replies));
    });
  });

  it('bad input is refused before anything is sent: keys of the wrong length or not base64, endpoints, allowed IPs, ports, names', async () => {
    const fake = fakeFamilies({ wireguard: { id: WG_ID } });
    const wg = wireguard(fake.genl);
    const short = keyToBase64(new Uint8Array(31));
    await expect(wg.setDevice('wgx', { privateKey: short })).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'privateKey' });
    await expect(wg.setDevice('wgx', { privateKey: keyToBase64(new Uint8Array(33)) })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(wg.setDevice('wgx', { privateKey: `${key(1).slice(0, 42)}B=` })).rejects.toBeInstanceOf(InvalidArgumentError); // not canonical: low bits set
    await expect(wg.setDevice('wgx', { peers: [{ publicKey: 'not base64!' }] })).rejects.toMatchObject({ argument: 'peers[0].publicKey' });
    await expect(wg.setDevice('wgx', { peers: [{ publicKey: key(2), presharedKey: short }] })).rejects.toMatchObject({ argument: 'peers[0].presharedKey' });
    await expect(wg.setDevice('wgx', { peers: [{ publicKey: key(2), endpoint: 'example.com:51820' }] })).rejects.toMatchObject({ argument: 'endpoint' });
    await expect(wg.setDevice('wgx', { peers: [{ publicKey: key(2), endpoint: '1.2.3.4:70000' }] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(wg.setDevice('wgx', { peers: [{ publicKey: key(2), allowedIps: ['10.0.0.0/33'] }] })).rejects.toMatchObject({ argument: 'allowedIps' });
    await expect(wg.setDevice('wgx', { peers: [{ publicKey: key(2), persistentKeepalive: 65536 }] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(wg.setDevice('wgx', { listenPort: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(wg.setDevice('wg x', {})).rejects.toMatchObject({ argument: 'device' });
    await expect(wg.device('a-name-much-too-long')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(fake.kernel.requests).toEqual([]);
  });

  it('a device the kernel does not have: WireGuardNoSuchDeviceError (ENODEV)', async () => {
    const fake = fakeFamilies({ wireguard: { id: WG_ID } }, (req, k) => k.error(req, 19));
    await expect(wireguard(fake.genl).device('wg9')).rejects.toMatchObject({ code: 'ERR_LINX_WIREGUARD_NO_SUCH_DEVICE', device: 'wg9' });
    await expect(wireguard(fake.genl).setDevice(7, { listenPort: 1 })).rejects.toBeInstanceOf(WireGuardNoSuchDeviceError);
    expect(fake.sent(WG_ID).map((m) => m.flags)).toEqual([NLM_F_REQUEST | NLM_F_DUMP, NLM_F_REQUEST | NLM_F_ACK]);
  });

  describe('on the live kernel', () => {
    let ns: TestNetns;
    beforeAll(() => {
      ns = createTestNetns('linx-test-wg');
    });
    afterAll(() => ns?.remove());

    it('this kernel has no wireguard family (nlctrl says so): FamilyNotFoundError naming it, as `wg show` fails', async () => {
      const genl = open({ netns: ns.name });
      try {
        expect((await genl.families()).map((f) => f.name)).not.toContain('wireguard');
        await expect(wireguard(genl).device('wg0')).rejects.toMatchObject({ code: 'ERR_LINX_GENL_FAMILY_NOT_FOUND', family: 'wireguard' });
        await expect(wireguard(genl).device('wg0')).rejects.toBeInstanceOf(FamilyNotFoundError);
      } finally {
        genl.close();
      }
    });
  });
});
