import { execFileSync } from 'node:child_process';
import { Connection } from '@linx/netlink-socket';
import { compileMessage } from '@linx/netlink-codec';
import { bestOf as best, rate } from './measure.js';
import { floorBinary } from './floor.js';
import { routeMessage } from './route-decl.js';
import { kernelBenchSkipReason, routeNetns } from './netns.js';
import { atMost, report } from './report.js';

const RTM_GETROUTE = 26;

/**
 * A full route dump of 65,000 routes in a namespace made for it: linx's engine (messages, not yet
 * decoded into objects) next to a C receive loop and `ip -j route show`, in the same run.
 */
export async function benchSocket(): Promise<void> {
  const skip = kernelBenchSkipReason();
  if (skip) {
    console.log(`socket: skipped (${skip})`);
    return;
  }
  const count = 65_000;
  console.log(`socket: full dump of ${count.toLocaleString('en')} IPv4 routes, best of 15 rounds after 15 warm-up rounds`);
  const ns = routeNetns(count);
  try {
    const rounds = 15;
    const floor = floorBinary();
    let floorMs: number | undefined;
    if (floor) {
      const [messages, ns_] = execFileSync(floor, [ns.path, String(rounds)], { encoding: 'utf8' }).trim().split(' ').map(Number) as [number, number];
      floorMs = ns_ / 1e6;
      console.log(`  C receive loop (floor)   ${floorMs.toFixed(1).padStart(6)} ms  ${rate((messages / floorMs) * 1000)} msg/s  (${messages} messages)`);
    }
    const connection = Connection.open({ protocol: 0, netns: { name: ns.name } });
    const rtmsg = Uint8Array.of(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const linx = await best(rounds, async () => {
      let n = 0;
      for await (const chunk of connection.dump({ type: RTM_GETROUTE, payload: rtmsg }).chunks()) n += chunk.count;
      return n;
    });
    const perMessage = await best(rounds, async () => {
      let n = 0;
      for await (const _ of connection.dump({ type: RTM_GETROUTE, payload: rtmsg })) n++;
      return n;
    });
    const route = compileMessage(routeMessage);
    const decoded = await best(rounds, async () => {
      let n = 0;
      for await (const chunk of connection.dump({ type: RTM_GETROUTE, payload: rtmsg }).chunks()) {
        for (let i = 0; i < chunk.count; i++) if (route.decodeAt(chunk.bytes, chunk.view, chunk.payloadStart(i), chunk.payloadEnd(i)).attrs.dst) n++;
      }
      return n;
    });
    connection.close();
    const ratio = (ms: number) => (floorMs ? `  ${(ms / floorMs).toFixed(2)}× the floor` : '');
    console.log(`  linx dump, chunks        ${linx.ms.toFixed(1).padStart(6)} ms  ${rate((linx.value / linx.ms) * 1000)} msg/s${ratio(linx.ms)} (goal ≤ 1.5×)`);
    console.log(`  linx dump, per message   ${perMessage.ms.toFixed(1).padStart(6)} ms  ${rate((perMessage.value / perMessage.ms) * 1000)} msg/s${ratio(perMessage.ms)} (a message object and a promise each)`);
    console.log(`  linx dump + decode       ${decoded.ms.toFixed(1).padStart(6)} ms  ${rate((decoded.value / decoded.ms) * 1000)} msg/s${ratio(decoded.ms)} (into typed objects, bench's route subset)`);
    const ip = await best(3, async () => {
      execFileSync('ip', ['-n', ns.name, '-j', 'route', 'show', 'table', 'all'], { maxBuffer: 1 << 30 });
    });
    console.log(`  ip -j route show         ${ip.ms.toFixed(1).padStart(6)} ms  (process start and JSON output included)`);
    const linxFigure = { label: 'Connection.dump, chunks', ms: linx.ms };
    const floorFigure = floorMs === undefined ? undefined : { label: 'C receive loop (floor)', ms: floorMs };
    report({
      scenario: `full dump of ${count.toLocaleString('en')} IPv4 routes, messages not decoded`,
      issue: 3,
      linx: linxFigure,
      references: [...(floorFigure ? [floorFigure] : []), { label: 'ip -j route show (whole process)', ms: ip.ms }],
      goals: [atMost(1.5, floorFigure, linxFigure, '≤ 1.5× the C floor')],
    });
  } finally {
    ns.remove();
  }
}
