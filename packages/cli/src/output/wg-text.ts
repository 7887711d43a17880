// A WireGuard device (@linx/genl/wireguard's `WireGuardDevice`) as wireguard-tools' `wg` prints it: `wg show
// DEV` (show.c's pretty_print, without colour), `wg show DEV FIELD` (one field per line, tab-separated, as
// scripts read it), `wg show DEV dump` and `wg showconf DEV`.
import type { WireGuardDevice, WireGuardPeer } from '@linx/genl/wireguard';

/** What `wg show DEV FIELD` takes. */
export const WG_FIELDS = ['public-key', 'private-key', 'listen-port', 'fwmark', 'peers', 'preshared-keys', 'endpoints', 'allowed-ips', 'latest-handshakes', 'transfer', 'persistent-keepalive', 'dump'] as const;
export type WgField = (typeof WG_FIELDS)[number];

export interface WgTextOptions {
  /** Now, in whole seconds since the epoch: `latest handshake: … ago` counts from it. */
  now: bigint;
  /** Print private and preshared keys rather than `(hidden)` (wg does with WG_HIDE_KEYS=never). */
  showKeys: boolean;
}

/** `1 day, 2 hours, 3 seconds` as wg's pretty_time writes a number of seconds (years of 365 days). */
function duration(total: bigint): string {
  const parts: string[] = [];
  let left = total;
  for (const [unit, size] of [['year', 31_536_000n], ['day', 86_400n], ['hour', 3600n], ['minute', 60n], ['second', 1n]] as const) {
    const n = left / size;
    left %= size;
    if (n > 0n) parts.push(`${n} ${unit}${n === 1n ? '' : 's'}`);
  }
  return parts.join(', ');
}

function ago(sec: bigint, now: bigint): string {
  if (now === sec) return 'Now';
  if (now < sec) return '(System clock wound backward; connection problems may ensue.)';
  return `${duration(now - sec)} ago`;
}

/**
 * `n / 2^shift` with two decimals as C's printf("%.2f") writes it: the exact quotient rounded to nearest,
 * ties to even (1152 bytes are "1.12 KiB", where Number.prototype.toFixed would say 1.13).
 */
function twoDecimals(n: bigint, shift: bigint): string {
  const denominator = 1n << shift;
  let hundredths = (n * 100n) / denominator;
  const twice = ((n * 100n) % denominator) * 2n;
  if (twice > denominator || (twice === denominator && hundredths % 2n === 1n)) hundredths++;
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}

/** A byte count as wg's `transfer` line writes it: B below 1 KiB, then KiB, MiB, GiB, TiB with two decimals. */
export function bytesText(b: bigint): string {
  if (b < 1024n) return `${b} B`;
  const units = ['KiB', 'MiB', 'GiB'] as const;
  for (const [i, unit] of units.entries()) if (b < 1n << BigInt(10 * (i + 2))) return `${twoDecimals(b, BigInt(10 * (i + 1)))} ${unit}`;
  return `${twoDecimals(b, 40n)} TiB`;
}

/** Peers as `wg show` orders them: the latest handshake first, those with none last (a stable sort, as glibc's qsort is on these). */
function byHandshake(peers: readonly WireGuardPeer[]): WireGuardPeer[] {
  const time = (p: WireGuardPeer) => p.lastHandshake ?? { sec: 0n, nsec: 0n };
  return [...peers].sort((a, b) => {
    const ta = time(a);
    const tb = time(b);
    const noneA = ta.sec === 0n && ta.nsec === 0n;
    const noneB = tb.sec === 0n && tb.nsec === 0n;
    if (noneA !== noneB) return noneA ? 1 : -1;
    const diff = ta.sec === tb.sec ? tb.nsec - ta.nsec : tb.sec - ta.sec;
    return diff > 0n ? 1 : diff < 0n ? -1 : 0;
  });
}

/** `wg show DEV`. */
export function deviceText(device: WireGuardDevice, o: WgTextOptions): string {
  const hidden = (key: string) => (o.showKeys ? key : '(hidden)');
  const lines = [`interface: ${device.ifname}`];
  if (device.publicKey !== undefined) lines.push(`  public key: ${device.publicKey}`);
  if (device.privateKey !== undefined) lines.push(`  private key: ${hidden(device.privateKey)}`);
  if (device.listenPort) lines.push(`  listening port: ${device.listenPort}`);
  if (device.fwmark) lines.push(`  fwmark: 0x${device.fwmark.toString(16)}`);
  const peers = byHandshake(device.peers).map((p) => {
    const out = [`peer: ${p.publicKey}`];
    if (p.presharedKey !== undefined) out.push(`  preshared key: ${hidden(p.presharedKey)}`);
    if (p.endpoint !== undefined) out.push(`  endpoint: ${p.endpoint}`);
    out.push(`  allowed ips: ${p.allowedIps.length > 0 ? p.allowedIps.join(', ') : '(none)'}`);
    if (p.lastHandshake !== undefined && p.lastHandshake.sec !== 0n) out.push(`  latest handshake: ${ago(p.lastHandshake.sec, o.now)}`);
    if (p.rxBytes || p.txBytes) out.push(`  transfer: ${bytesText(p.rxBytes)} received, ${bytesText(p.txBytes)} sent`);
    if (p.persistentKeepalive) out.push(`  persistent keepalive: every ${duration(BigInt(p.persistentKeepalive))}`);
    return out.join('\n');
  });
  return `${[lines.join('\n'), ...peers].join('\n\n')}\n`;
}

const orNone = (v: string | undefined) => v ?? '(none)';
const fwmarkText = (fwmark: number) => (fwmark ? `0x${fwmark.toString(16)}` : 'off');

/** `wg show DEV FIELD` (with `withInterface`, `wg show all FIELD`: each line starts with the device's name and a tab). */
export function fieldText(device: WireGuardDevice, field: WgField, withInterface: boolean): string {
  const prefix = withInterface ? `${device.ifname}\t` : '';
  const each = (line: (p: WireGuardPeer) => string) => device.peers.map((p) => `${prefix}${line(p)}\n`).join('');
  switch (field) {
    case 'public-key':
      return `${prefix}${orNone(device.publicKey)}\n`;
    case 'private-key':
      return `${prefix}${orNone(device.privateKey)}\n`;
    case 'listen-port':
      return `${prefix}${device.listenPort}\n`;
    case 'fwmark':
      return `${prefix}${fwmarkText(device.fwmark)}\n`;
    case 'peers':
      return each((p) => p.publicKey);
    case 'preshared-keys':
      return each((p) => `${p.publicKey}\t${orNone(p.presharedKey)}`);
    case 'endpoints':
      return each((p) => `${p.publicKey}\t${orNone(p.endpoint)}`);
    case 'allowed-ips':
      return each((p) => `${p.publicKey}\t${p.allowedIps.length > 0 ? p.allowedIps.join(' ') : '(none)'}`);
    case 'latest-handshakes':
      return each((p) => `${p.publicKey}\t${p.lastHandshake?.sec ?? 0n}`);
    case 'transfer':
      return each((p) => `${p.publicKey}\t${p.rxBytes}\t${p.txBytes}`);
    case 'persistent-keepalive':
      return each((p) => `${p.publicKey}\t${p.persistentKeepalive || 'off'}`);
    case 'dump':
      return (
        `${prefix}${orNone(device.privateKey)}\t${orNone(device.publicKey)}\t${device.listenPort}\t${fwmarkText(device.fwmark)}\n` +
        each((p) => [p.publicKey, orNone(p.presharedKey), orNone(p.endpoint), p.allowedIps.length > 0 ? p.allowedIps.join(',') : '(none)', p.lastHandshake?.sec ?? 0n, p.rxBytes, p.txBytes, p.persistentKeepalive || 'off'].join('\t'))
      );
  }
}

/** `wg showconf DEV`: the device as a configuration file `wg setconf` reads (peers in the kernel's order). */
export function showconfText(device: WireGuardDevice): string {
  const lines = ['[Interface]'];
  if (device.listenPort) lines.push(`ListenPort = ${device.listenPort}`);
  if (device.fwmark) lines.push(`FwMark = 0x${device.fwmark.toString(16)}`);
  if (device.privateKey !== undefined) lines.push(`PrivateKey = ${device.privateKey}`);
  const peers = device.peers.map((p) => {
    const out = ['[Peer]', `PublicKey = ${p.publicKey}`];
    if (p.presharedKey !== undefined) out.push(`PresharedKey = ${p.presharedKey}`);
    if (p.allowedIps.length > 0) out.push(`AllowedIPs = ${p.allowedIps.join(', ')}`);
    if (p.endpoint !== undefined) out.push(`Endpoint = ${p.endpoint}`);
    if (p.persistentKeepalive) out.push(`PersistentKeepalive = ${p.persistentKeepalive}`);
    return out.join('\n');
  });
  return `${lines.join('\n')}\n\n${peers.map((p) => `${p}\n`).join('\n')}`;
}
