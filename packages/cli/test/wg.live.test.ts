// `linx wg` against wireguard-tools' `wg`. This kernel has no WireGuard, so the printing is compared on
// replies laid out from linux/wireguard.h's attributes (built with @linx/genl's generated declarations):
// the real `wg show`/`wg showconf` reads them from test-kit's fake netlink shim (which also answers nlctrl's
// CTRL_CMD_GETFAMILY with the family's id), and linx's formatter prints the device @linx/genl decodes from
// the same bytes; the two texts must be equal. Live: the command says the family is missing (exit 1), and
// where a kernel has WireGuard, it prints what wg prints for a real interface.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { encodeMessages, NLM_F_MULTI, type MessageInit } from '@linx/netlink-wire';
import { ctrlMessage, genlMessage, GENL_ID_CTRL, nlctrl } from '@linx/genl';
import { declarations as gen, deviceFromDump } from '@linx/genl/wireguard';
import { createTestNetns, fakeNetlinkSkipReason, kernelSkipReason, run, runWithFakeNetlink, type TestNetns } from '@linx/test-kit';
import { bytesText, deviceText, fieldText, showconfText, WG_FIELDS } from '../src/output/wg-text.js';
import { linx } from './helpers/linx.js';

const NETLINK_GENERIC = 16;
const WG_ID = 29;
const ctrl = compileMessage(ctrlMessage);
const device = compileMessage(genlMessage('wgdevice', gen.wgdeviceAttrs));
type DeviceAttrs = NonNullable<Parameters<typeof device.encode>[0]['attrs']>;

/** nlctrl's answer resolving "wireguard" to WG_ID, then the WG_CMD_GET_DEVICE dump's messages. */
function replies(messages: DeviceAttrs[]): Uint8Array {
  const family: MessageInit = {
    type: GENL_ID_CTRL,
    flags: 0,
    seq: 0,
    pid: 0,
    payload: ctrl.encode({ header: { cmd: nlctrl.replyCommandValues.newfamily, version: 2, reserved: 0 }, attrs: { familyName: gen.family.name, familyId: WG_ID, version: 1, hdrsize: 0, maxattr: 10 } }),
  };
  const dump = messages.map((attrs): MessageInit => ({ type: WG_ID, flags: NLM_F_MULTI, seq: 0, pid: 0, payload: device.encode({ header: { cmd: gen.commandValues['get-device'], version: 1, reserved: 0 }, attrs }) }));
  return encodeMessages([family, ...dump]);
}

/** The device linx decodes from the same messages. */
const decoded = (messages: DeviceAttrs[]) => deviceFromDump(messages.map((attrs) => device.decode(device.encode({ header: { cmd: 0, version: 1, reserved: 0 }, attrs })).attrs));

const key = (seed: number) => Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 7 + 1) & 0xff);
const sin = (a: number[], port: number) => Uint8Array.of(2, 0, port >> 8, port & 0xff, ...a, 0, 0, 0, 0, 0, 0, 0, 0);
const sin6 = (a: number[], port: number) => Uint8Array.of(10, 0, port >> 8, port & 0xff, 0, 0, 0, 0, ...a, 0, 0, 0, 0);
const v4 = (a: number[], cidr: number) => ({ family: 2, ipaddr: Uint8Array.from(a), cidrMask: cidr });
const v6 = (a: number[], cidr: number) => ({ family: 10, ipaddr: Uint8Array.from(a), cidrMask: cidr });

/** A device of four peers, their handshakes `ago` seconds before `now` (0: none), with everything wg prints. */
function fullDevice(now: number): DeviceAttrs[] {
  const at = (ago: number) => ({ sec: BigInt(now - ago), nsec: 7n });
  return [
    {
      ifindex: 7,
      ifname: 'wgx',
      privateKey: key(1),
      publicKey: key(2),
      listenPort: 51820,
      fwmark: 0x4a,
      peers: [
        { publicKey: key(3), presharedKey: new Uint8Array(32), rxBytes: 0n, txBytes: 0n, allowedips: [] },
        { publicKey: key(4), presharedKey: key(5), endpoint: sin([192, 0, 2, 1], 4000), persistentKeepaliveInterval: 25, lastHandshakeTime: at(3700), rxBytes: 1152n, txBytes: 5n, allowedips: [v4([10, 0, 0, 0], 24), v6([0xfd, 0, ...new Array<number>(14).fill(0)], 64)], protocolVersion: 1 },
        { publicKey: key(6), endpoint: sin6([0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 9], 51820), persistentKeepaliveInterval: 3661, lastHandshakeTime: at(90_061), rxBytes: 1_572_864n, txBytes: 3_221_225_472n, allowedips: [v4([0, 0, 0, 0], 0)] },
        { publicKey: key(8), lastHandshakeTime: at(2 * 31_536_000 + 120), rxBytes: 2n * 1024n ** 4n + 5n, txBytes: 1023n, allowedips: [v4([192, 168, 7, 3], 32), v6([0x20, 0x01, 0x0d, 0xb8, 0, 1, ...new Array<number>(10).fill(0)], 48)] },
      ],
    },
  ];
}

/** A device cut over three messages, a peer's allowed IPs continued across them. */
const splitDevice: DeviceAttrs[] = (() => {
  const ips = (n: number, from: number) => Array.from({ length: n }, (_, j) => v4([10, 9, (from + j) >> 8, (from + j) & 0xff], 32));
  return [
    { ifindex: 5, ifname: 'wgx', privateKey: key(1), publicKey: key(2), listenPort: 1, peers: [{ publicKey: key(3), allowedips: ips(2, 0) }, { publicKey: key(4), endpoint: sin([192, 0, 2, 9], 9), allowedips: ips(3, 0) }] },
    { ifindex: 5, ifname: 'wgx', peers: [{ publicKey: key(4), allowedips: ips(3, 3) }, { publicKey: key(6), allowedips: ips(1, 100) }] },
    { ifindex: 5, ifname: 'wgx', peers: [{ publicKey: key(6), allowedips: ips(2, 101) }] },
  ];
})();

/**
 * A device without keys or peers, as the kernel sends it: no key attributes at all (it puts them only when
 * the device has a private key; wg would print a key of zeros it was sent, @linx/genl leaves one out).
 */
const bareDevice: DeviceAttrs[] = [{ ifindex: 3, ifname: 'wgx', listenPort: 0, fwmark: 0 }];

function wg(args: string[], messages: DeviceAttrs[], env: Record<string, string> = {}): { text: string; from: number; to: number } {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  // wg reads the time with time(2), which glibc serves from the kernel's coarse clock: it can be a tick
  // behind Date.now(), so just after a second begins wg may still see the one before.
  const from = Math.floor(Date.now() / 1000) - 1;
  try {
    const r = runWithFakeNetlink(['wg', ...args], { protocol: NETLINK_GENERIC, replies: replies(messages) });
    expect(r.status, r.stderr).toBe(0);
    return { text: r.stdout, from, to: Math.ceil(Date.now() / 1000) };
  } finally {
    for (const name of Object.keys(env)) if (saved[name] === undefined) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

describe('bytesText rounds as printf("%.2f") does', () => {
  it.each([
    [0n, '0 B'],
    [1023n, '1023 B'],
    [1024n, '1.00 KiB'],
    [1152n, '1.12 KiB'], // 1.125: a tie, to even
    [1184n, '1.16 KiB'], // 1.15625
    [1_572_864n, '1.50 MiB'],
    [3_221_225_472n, '3.00 GiB'],
    [2n * 1024n ** 4n + 5n, '2.00 TiB'],
    [5000n * 1024n ** 4n, '5000.00 TiB'],
  ])('%s bytes: %s', (bytes, text) => {
    expect(bytesText(bytes)).toBe(text);
  });
});

const shimSkip = fakeNetlinkSkipReason(['wg']);
describe.skipIf(shimSkip !== undefined)(`linx wg's text is wg's for the same bytes${shimSkip ? ` (skipped: ${shimSkip})` : ''}`, () => {
  /** linx's text for each second wg may have read the clock in: wg's must be one of them. */
  const candidates = (run: { from: number; to: number }, text: (now: bigint) => string) => Array.from({ length: run.to - run.from + 1 }, (_, i) => text(BigInt(run.from + i)));

  it('wg show DEV: keys hidden, port, fwmark, peers by latest handshake (none last), endpoints, allowed IPs, handshakes ago, transfer, keepalive', () => {
    const now = Math.floor(Date.now() / 1000);
    const messages = fullDevice(now);
    const theirs = wg(['show', 'wgx'], messages);
    expect(theirs.text).toContain('latest handshake: 1 hour, 1 minute');
    expect(candidates(theirs, (t) => deviceText(decoded(messages), { now: t, showKeys: false }))).toContain(theirs.text);
  });

  it('wg show DEV with WG_HIDE_KEYS=never: the private and preshared keys printed', () => {
    const messages = fullDevice(Math.floor(Date.now() / 1000));
    const theirs = wg(['show', 'wgx'], messages, { WG_HIDE_KEYS: 'never' });
    expect(candidates(theirs, (t) => deviceText(decoded(messages), { now: t, showKeys: true }))).toContain(theirs.text);
  });

  it.each(WG_FIELDS.map((f) => [f]))('wg show DEV %s', (field) => {
    const messages = fullDevice(1_700_000_000);
    expect(fieldText(decoded(messages), field, false)).toBe(wg(['show', 'wgx', field], messages).text);
  });

  it('IPv4-mapped and embedded IPv6 addresses are written as inet_ntop writes them', () => {
    const mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1];
    const messages: DeviceAttrs[] = [{ ifindex: 2, ifname: 'wgx', listenPort: 5, peers: [{ publicKey: key(3), endpoint: sin6(mapped, 4000), allowedips: [v6(mapped, 128), v6([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], 128), v6([...new Array<number>(15).fill(0), 1], 128)] }] }];
    expect(fieldText(decoded(messages), 'dump', false)).toBe(wg(['show', 'wgx', 'dump'], messages).text);
  });

  it.each([
    ['four peers', fullDevice(1_700_000_000)],
    ['a device cut over three messages', splitDevice],
    ['no keys, no peers', bareDevice],
  ])('wg showconf DEV, wg show DEV dump and wg show DEV (no handshakes to count from now): %s', (_, messages) => {
    expect(showconfText(decoded(messages))).toBe(wg(['showconf', 'wgx'], messages).text);
    expect(fieldText(decoded(messages), 'dump', false)).toBe(wg(['show', 'wgx', 'dump'], messages).text);
    if (messages.every((m) => (m.peers ?? []).every((p) => p.lastHandshakeTime === undefined))) {
      expect(deviceText(decoded(messages), { now: 0n, showKeys: false })).toBe(wg(['show', 'wgx'], messages).text);
    }
  });
});

describe.skipIf(kernelSkipReason(['ip', 'wg']) !== undefined)('linx wg on this kernel', () => {
  let ns: TestNetns;
  let hasWireguard: boolean;
  beforeAll(() => {
    ns = createTestNetns('linx-wg');
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    // Detected, not assumed: a kernel that can make a wireguard link has the family.
    hasWireguard = run(['ip', '-n', ns.name, 'link', 'add', 'wg0', 'type', 'wireguard']).status === 0;
  });
  afterAll(() => ns?.remove());

  it('without WireGuard: every form says the family is missing and exits 1; wg cannot read the interface either', () => {
    if (hasWireguard) return;
    for (const args of [['wg'], ['wg', 'show'], ['wg', 'show', 'all', 'peers'], ['wg', 'show', 'wg0'], ['wg', 'showconf', 'v0'], ['wg', 'show', 'interfaces'], ['-j', 'wg', 'show', 'v0']]) {
      const r = linx('-n', ns.name, ...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/generic netlink family "wireguard" is not registered/);
      expect(r.stdout).toBe('');
    }
    expect(ns.exec.bind(ns, ['wg', 'show', 'v0'])).toThrow(/Protocol not supported/);
  });

  it('usage errors (exit 2) before anything is sent', () => {
    for (const args of [['wg', 'shw'], ['wg', 'show', 'v0', 'colour'], ['wg', 'showconf'], ['wg', 'show', 'interfaces', 'peers'], ['wg', 'show', 'v0', 'peers', 'more']]) {
      expect(linx('-n', ns.name, ...args).status, args.join(' ')).toBe(2);
    }
  });

  it('with WireGuard: linx wg show and showconf print what wg prints for a real interface; a veth is not one (exit 3)', () => {
    if (!hasWireguard) return;
    ns.exec(['wg', 'set', 'wg0', 'listen-port', '51820', 'peer', 'hIZb7fw4x/IjGUwd6bcLR7ZKWgLsE2HG9uOtpHaXCCE=', 'allowed-ips', '10.0.0.0/24', 'endpoint', '192.0.2.1:4000']);
    const ours = (...args: string[]) => linx('-n', ns.name, 'wg', ...args).stdout;
    expect(ours('show', 'wg0')).toBe(ns.exec(['wg', 'show', 'wg0']));
    expect(ours('showconf', 'wg0')).toBe(ns.exec(['wg', 'showconf', 'wg0']));
    expect(ours('show', 'wg0', 'dump')).toBe(ns.exec(['wg', 'show', 'wg0', 'dump']));
    expect(linx('-n', ns.name, 'wg', 'show', 'v0').status).toBe(3);
  });
});
