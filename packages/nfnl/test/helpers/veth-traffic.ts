// Two throwaway network namespaces joined by a veth pair, and UDP traffic between them sent by node
// itself (no ping or netcat needed): `a` holds the rules and the nfnl handle, `b` is the peer. The
// addresses exist only inside these namespaces.
import { createTestNetns, runOrThrow, type TestNetns } from '@linx/test-kit';

export const A_ADDR = '10.231.0.1';
export const B_ADDR = '10.231.0.2';

export interface VethPair {
  a: TestNetns;
  b: TestNetns;
  /** The interface index of `va` (in `a`) and of `vb` (in `b`). */
  aIndex: number;
  bIndex: number;
  /** vb's MAC address (the source of what `a` receives). */
  bMac: string;
  /** Sends `count` UDP datagrams of `text` from `from` (from `options.source`, an address it has, if given) to the other side's `port` (and waits until sent). */
  send(from: 'a' | 'b', port: number, count: number, text?: string, options?: { uid?: number; gid?: number; intervalMs?: number; source?: string }): void;
  remove(): void;
}

/** The sender: runs in a namespace with `ip netns exec`, optionally as another user. */
const SENDER = `
const [to, port, count, text, uid, gid, interval, source] = process.argv.slice(1);
if (gid !== '-') process.setgid(Number(gid));
if (uid !== '-') process.setuid(Number(uid));
const socket = require('node:dgram').createSocket('udp4');
let sent = 0;
if (source !== '-') socket.bind({ address: source });
const next = () => {
  if (sent++ === Number(count)) return socket.close();
  socket.send(Buffer.from(text), Number(port), to, () => (Number(interval) > 0 ? setTimeout(next, Number(interval)) : next()));
};
next();
`;

export function createVethPair(tag: string): VethPair {
  const a = createTestNetns(`linx-test-nf-${tag}-a`);
  let b: TestNetns | undefined;
  try {
    b = createTestNetns(`linx-test-nf-${tag}-b`);
    a.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb', 'netns', b.name);
    a.batch(['link set lo up', 'link set va up', `addr add ${A_ADDR}/24 dev va`]);
    b.batch(['link set lo up', 'link set vb up', `addr add ${B_ADDR}/24 dev vb`]);
    const aIndex = a.ipJson<{ ifindex: number }[]>('link', 'show', 'va')[0]!.ifindex;
    const vb = b.ipJson<{ ifindex: number; address: string }[]>('link', 'show', 'vb')[0]!;
    const peer = b;
    return {
      a,
      b,
      aIndex,
      bIndex: vb.ifindex,
      bMac: vb.address,
      send(from, port, count, text = 'linx', options = {}) {
        const ns = from === 'a' ? a : peer;
        const to = from === 'a' ? B_ADDR : A_ADDR;
        runOrThrow(['ip', 'netns', 'exec', ns.name, process.execPath, '-e', SENDER, to, String(port), String(count), text, String(options.uid ?? '-'), String(options.gid ?? '-'), String(options.intervalMs ?? 0), options.source ?? '-']);
      },
      remove() {
        a.remove();
        peer.remove();
      },
    };
  } catch (error) {
    b?.remove();
    a.remove();
    throw error;
  }
}
