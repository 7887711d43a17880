import { compileMessage } from '@linx/netlink-codec';
import { NLMSG_HDRLEN, viewOf } from '@linx/netlink-wire';
import { measure, rate } from './measure.js';
import { loadNpmNetlink } from './npm-netlink.js';
import { routeMessage } from './route-decl.js';
import { atMost, report, threshold } from './report.js';
import { routeDump } from './routes.js';

/** Decoding a 65,000-route dump into objects: linx's codec against the npm `netlink` package, same bytes. */
export function benchCodec(): void {
  const datagrams = routeDump(65_000);
  const route = compileMessage(routeMessage);
  const linx = measure(() => {
    let n = 0;
    for (const datagram of datagrams) {
      // The engine's path: one DataView per datagram, messages decoded in place.
      const view = viewOf(datagram);
      for (let at = 0; at < datagram.length; ) {
        const length = view.getUint32(at, true);
        const value = route.decodeAt(datagram, view, at + NLMSG_HDRLEN, at + length);
        if (value.attrs.oif === 2) n++;
        at += (length + 3) & ~3;
      }
    }
    return n;
  });
  console.log('codec: decode 65,000 RTM_NEWROUTE messages into objects (split included)');
  console.log(`  linx                 ${rate(linx.perSecond)} msg/s  (${linx.msPerRun.toFixed(1)} ms per dump)`);
  const npm = loadNpmNetlink();
  if (!npm) {
    codecRow(linx.perSecond, undefined);
    return;
  }
  const buffers = datagrams.map((d) => Buffer.from(d.buffer, d.byteOffset, d.length));
  const other = measure(() => {
    let n = 0;
    for (const buffer of buffers) {
      for (const message of npm.parseMessages(buffer)) {
        const value = npm.rt.parseRouteMessage(message.data);
        if (value.attrs.oif === 2) n++;
      }
    }
    return n;
  }, { rounds: 3 });
  console.log(`  npm netlink 0.3.0    ${rate(other.perSecond)} msg/s  (${other.msPerRun.toFixed(1)} ms per dump)`);
  console.log(`  linx / npm netlink   ${(linx.perSecond / other.perSecond).toFixed(1)}×   (goals: ≥ 2 M msg/s, ≥ 3×)`);
  codecRow(linx.perSecond, other.perSecond);
}

function codecRow(linx: number, npm: number | undefined): void {
  const ours = { label: 'codec decodeAt', perSecond: linx, unit: 'msg/s' };
  const theirs = npm === undefined ? undefined : { label: 'npm netlink 0.3 parseRouteMessage', perSecond: npm, unit: 'msg/s' };
  report({
    scenario: '65,000 RTM_NEWROUTE messages decoded into objects, in process (same bytes)',
    issue: 4,
    linx: ours,
    references: theirs ? [theirs] : [],
    goals: [threshold(linx, (r) => r >= 2e6, '≥ 2 M msg/s'), atMost(1 / 3, theirs, ours, '≥ 3× npm netlink (≤ 0.33×)')],
  });
}
