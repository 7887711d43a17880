import { AttributeDecoder, iterateAttributes, iterateMessages } from '@linx/netlink-wire';
import { measure, rate } from './measure.js';
import { report } from './report.js';
import { routeDump } from './routes.js';

const RTMSG_LENGTH = 12;

/** Splitting and walking the attributes of a 65,000-route dump: the floor every decoder stands on. */
export function benchWire(): void {
  const datagrams = routeDump(65_000);
  const bytes = datagrams.reduce((n, d) => n + d.length, 0);
  console.log(`wire: ${datagrams.length} datagrams, ${(bytes / 1e6).toFixed(2)} MB, 65,000 RTM_NEWROUTE messages`);

  const split = measure(() => {
    let n = 0;
    for (const datagram of datagrams) for (const _ of iterateMessages(datagram)) n++;
    return n;
  });
  const walk = measure(() => {
    let n = 0;
    for (const datagram of datagrams) {
      for (const message of iterateMessages(datagram)) {
        for (const attribute of iterateAttributes(message.payload, RTMSG_LENGTH)) n += attribute.type > 0 ? 0 : 1;
        n++;
      }
    }
    return n;
  });
  const decoder = measure(() => {
    let n = 0;
    for (const datagram of datagrams) {
      for (const message of iterateMessages(datagram)) {
        const d = new AttributeDecoder(message.payload.subarray(RTMSG_LENGTH));
        let oif = 0;
        while (d.next()) if (d.type === 4) oif = d.u32();
        n += oif > 0 ? 1 : 0;
      }
    }
    return n;
  });
  console.log(`  split messages          ${rate(split.perSecond)} msg/s  (${split.msPerRun.toFixed(2)} ms per dump)`);
  console.log(`  split + walk attributes ${rate(walk.perSecond)} msg/s  (${walk.msPerRun.toFixed(2)} ms per dump)`);
  console.log(`  AttributeDecoder walk   ${rate(decoder.perSecond)} msg/s  (${decoder.msPerRun.toFixed(2)} ms per dump)`);
  report({
    scenario: 'split 65,000 RTM_NEWROUTE messages (≈ 4 MB) and walk their attributes, in process',
    issue: 2,
    linx: { label: 'iterateMessages + iterateAttributes', perSecond: walk.perSecond, unit: 'msg/s' },
    references: [],
    note: 'the floor under every decoder; no reference tool',
  });
}
