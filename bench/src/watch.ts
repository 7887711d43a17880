import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_LITTLE_ENDIAN, NLMSG_HDRLEN, messageAt, viewOf } from '@linx/netlink-wire';
import { open, type Mirror, type MonitorEvent } from '@linx/rtnl';
import { NotificationDecoder } from '@linx/rtnl/protocol';
import { measure, rate } from './measure.js';
import { createBenchNetns, kernelBenchSkipReason } from './netns.js';
import { report, threshold } from './report.js';
import { routeDump } from './routes.js';

/** Runs `ip -n NS -batch -` without blocking this process, so that a monitor or mirror reads meanwhile. */
function batchAsync(ns: string, lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['-n', ns, '-batch', '-'], { stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ip -batch exited with ${code}`))));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

const host = (i: number) => `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}`;
const CLOCK_TICKS = 100; // USER_HZ, the unit of /proc/PID/stat's utime and stime

/** Route notifications decoded into typed events, from bytes shaped as the kernel sends them. */
function benchDecode(): void {
  const count = 65_000;
  const datagrams = routeDump(count);
  console.log(`monitor: ${count.toLocaleString('en')} RTM_NEWROUTE notifications decoded into typed events (IPv4, table, dst, priority, gateway, oif)`);
  const decoder = new NotificationDecoder(new Map([[2, 'eth0']]));
  const views = datagrams.map((d) => viewOf(d));
  let kept: unknown;
  const fromBatch = measure(() => {
    let n = 0;
    for (let d = 0; d < datagrams.length; d++) {
      const bytes = datagrams[d]!;
      const view = views[d]!;
      for (let at = 0; at < bytes.length; ) {
        const length = view.getUint32(at, HOST_LITTLE_ENDIAN);
        const event = decoder.decodeAt(view.getUint16(at + 4, HOST_LITTLE_ENDIAN), bytes, view, at + NLMSG_HDRLEN, at + length);
        // Read the object, and keep the last one, so that nothing of the decoding can be optimized away.
        if (event?.kind === 'route' && event.object.dev === 'eth0') n++;
        kept = event;
        at += (length + 3) & ~3;
      }
    }
    return n;
  });
  console.log(`  from the receive batch (decodeAt)          ${rate(fromBatch.perSecond)} events/s  (goal ≥ 1 M/s; dev names filled in)`);
  const asMessages = measure(() => {
    let n = 0;
    for (let d = 0; d < datagrams.length; d++) {
      const bytes = datagrams[d]!;
      const view = views[d]!;
      for (let at = 0; at < bytes.length; ) {
        const message = messageAt(bytes, view, at);
        const event = decoder.decode(message);
        if (event?.kind === 'route' && event.object.dev === 'eth0') n++;
        kept = event;
        at += (message.payload.length + NLMSG_HDRLEN + 3) & ~3;
      }
    }
    return n;
  });
  if (kept === undefined) throw new Error('nothing decoded');
  console.log(`  as the engine hands them (decode(message)) ${rate(asMessages.perSecond)} events/s  (a NetlinkMessage each, as a subscription delivers them)`);
  report({
    scenario: `${count.toLocaleString('en')} route notifications decoded into typed events, in process (no socket)`,
    issue: 10,
    linx: { label: 'NotificationDecoder.decodeAt', perSecond: fromBatch.perSecond, unit: 'events/s' },
    references: [],
    goals: [threshold(fromBatch.perSecond, (r) => r >= 1e6, '≥ 1 M events/s')],
    note: 'the fixture has 254 distinct destinations, so the address text cache flatters it',
  });
}

/** A burst of route additions: the time for a mirror to hold them all, against one list of the final table. */
async function benchMirror(name: string, count: number): Promise<void> {
  const rtnl = open({ netns: name });
  try {
    const mirror = await rtnl.mirror({ kinds: ['route'] });
    const before = mirror.routes.size;
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(`route add ${host(i)}/32 via 172.31.0.2`);
    const start = performance.now();
    await batchAsync(name, lines);
    const burstEnd = performance.now();
    // The last route added is there (notifications apply in order; a re-list brings all) and so are the others.
    const lastRoute = `${host(count - 1)}/32`;
    await mirror.until((m) => m.routes.get(lastRoute).length === 1 && m.routes.size >= before + count, { timeout: 120_000 });
    const converged = performance.now();
    const overruns = mirror.overruns;
    const resyncs = mirror.resyncs;
    // Untimed: the mirror against ip -j, route by route.
    const tableName = (t: number) => ({ 253: 'default', 254: 'main', 255: 'local' })[t] ?? String(t);
    const ipRoutes = (family: string) => JSON.parse(spawnSync('ip', ['-n', name, '-j', family, 'route', 'show', 'table', 'all'], { maxBuffer: 1 << 30 }).stdout.toString()) as { dst: string; dev?: string; gateway?: string; table?: string }[];
    const equalNow = (mirror: Mirror) => {
      const theirs = new Set([...ipRoutes('-4'), ...ipRoutes('-6')].map((r) => `${r.dst} ${r.gateway ?? '-'} ${r.dev ?? '-'} ${r.table ?? 'main'}`));
      const ours = mirror.routes.list().map((r) => {
        const full = r.family === 'inet' ? 32 : 128;
        return `${r.dstLen === 0 ? 'default' : r.dstLen === full ? r.dst : `${r.dst}/${r.dstLen}`} ${r.gateway ?? '-'} ${r.dev ?? '-'} ${tableName(r.table)}`;
      });
      return ours.length === theirs.size && ours.every((k) => theirs.has(k));
    };
    // ip -j reads the kernel at another moment than the mirror's last notification: a route the kernel
    // adds on its own (IPv6 link-local ones, once a link's carrier is up) may be between the two.
    const equalToIp = async (mirror: Mirror) => {
      for (let i = 0; i < 10; i++, await new Promise((resolve) => setTimeout(resolve, 100))) if (equalNow(mirror)) return true;
      return false;
    };
    const equal = await equalToIp(mirror);
    const finalCount = mirror.routes.size;
    mirror.close();
    // The same routes deleted while this process does not read (as if busy elsewhere), followed by a
    // mirror with a small buffer (64 KiB): the kernel drops notifications, and the mirror re-lists.
    const small = await rtnl.mirror({ kinds: ['route'], receiveBufferSize: 64 * 1024 });
    const deletes = lines.map((line) => line.replace('route add', 'route del'));
    const blockedStart = performance.now();
    const deleting = batchAsync(name, deletes);
    while (performance.now() - blockedStart < 2000);
    const unblocked = performance.now();
    await deleting;
    const deleteEnd = performance.now();
    const firstRoute = `${host(0)}/32`;
    await small.until((m) => m.routes.get(lastRoute).length === 0 && m.routes.get(firstRoute).length === 0 && m.routes.size < count, { timeout: 120_000 });
    const caughtUp = performance.now();
    const equalAfterDeletes = await equalToIp(small);
    const relisted = { overruns: small.overruns, resyncs: small.resyncs };
    small.close();
    await batchAsync(name, lines);
    let listMs = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await rtnl.routes.list();
      listMs = Math.min(listMs, performance.now() - t);
    }
    const lag = converged - burstEnd;
    console.log(`mirror: a burst of ${count.toLocaleString('en')} route additions (ip -batch), default receive buffer (4 MiB)`);
    console.log(`  ip -batch burst                            ${(burstEnd - start).toFixed(0)} ms`);
    console.log(`  mirror current after the burst ended       ${lag.toFixed(0)} ms later (${(converged - start).toFixed(0)} ms from its start; ${overruns} overruns, ${resyncs} re-lists)`);
    console.log(`  one routes.list() of the final table       ${listMs.toFixed(0)} ms (best of 3; ${finalCount.toLocaleString('en')} routes)`);
    console.log(`  mirror lag / one list                      ${(lag / listMs).toFixed(2)}× (goal ≤ 2×); equal to ip -j: ${equal ? 'yes' : 'NO'}`);
    report({
      scenario: `a burst of ${count.toLocaleString('en')} route additions (ip -batch) followed by rtnl.mirror(), default buffer`,
      issue: 10,
      linx: { label: 'mirror current, after the burst ended', ms: lag },
      references: [{ label: 'one routes.list() of the final table', ms: listMs }],
      goals: [{ text: `≤ 2× one list, equal to ip -j${equal ? '' : ' (it was NOT equal)'}`, met: equal && lag <= 2 * listMs }],
      note: `${overruns} overruns, ${resyncs} re-lists`,
    });
    const behind = caughtUp - unblocked;
    console.log(`  deleted, 64 KiB buffer, reader blocked 2 s  current ${behind.toFixed(0)} ms after it read again, ${Math.max(0, caughtUp - deleteEnd).toFixed(0)} ms after it saw the burst end (${relisted.overruns} overruns, ${relisted.resyncs} re-lists): ${(Math.max(0, caughtUp - deleteEnd) / listMs).toFixed(2)}× one list; equal to ip -j: ${equalAfterDeletes ? 'yes' : 'NO'}`);
  } finally {
    rtnl.close();
  }
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The same burst seen by `ip monitor route` and by rtnl.monitor(): events seen and CPU spent. */
async function benchIpMonitor(name: string, count: number): Promise<void> {
  const rtnl = open({ netns: name });
  const out = join(tmpdir(), `linx-bench-ipmon-${process.pid}.txt`);
  const fd = openSync(out, 'w');
  const ipmon = spawn('ip', ['-n', name, 'monitor', 'route'], { stdio: ['ignore', fd, 'ignore'] });
  try {
    const monitor = await rtnl.monitor({ kinds: ['route'] });
    await new Promise((resolve) => setTimeout(resolve, 300)); // ip monitor subscribes
    let events = 0;
    let overruns = 0;
    let last = performance.now();
    const reading = (async () => {
      for await (const event of monitor as AsyncIterable<MonitorEvent>) {
        if (event.type === 'overrun') overruns++;
        else events++;
        last = performance.now();
      }
    })();
    const ipCpu0 = cpuOf(ipmon.pid!);
    const cpu0 = process.cpuUsage();
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(`route del ${host(i)}/32 via 172.31.0.2`);
    await batchAsync(name, lines);
    while (performance.now() - last < 500) await new Promise((resolve) => setTimeout(resolve, 100));
    const cpu = process.cpuUsage(cpu0);
    const ipCpu = cpuOf(ipmon.pid!) - ipCpu0;
    monitor.close();
    await reading;
    ipmon.kill();
    closeSync(fd);
    const ipEvents = readFileSync(out, 'utf8').split('\n').filter((l) => l.startsWith('Deleted ')).length;
    console.log(`monitor vs ip monitor: the same burst of ${count.toLocaleString('en')} route deletions, both listening`);
    console.log(`  linx rtnl.monitor() (4 MiB buffer)         ${events.toLocaleString('en')} events, ${overruns} overruns, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (this whole process while it ran)`);
    console.log(`  ip monitor route (iproute2's buffer)       ${ipEvents.toLocaleString('en')} events, CPU ${ipCpu.toFixed(2)} s (text to a file)`);
    report({
      scenario: `CPU spent following a burst of ${count.toLocaleString('en')} route deletions`,
      issue: 10,
      linx: { label: `rtnl.monitor(): ${events.toLocaleString('en')} events, CPU`, ms: ((cpu.user + cpu.system) / 1e3) },
      references: [{ label: `ip monitor route: ${ipEvents.toLocaleString('en')} events, CPU`, ms: ipCpu * 1000 }],
      note: `linx's CPU is its whole process, which also feeds ip -batch; ${overruns} overruns`,
    });
  } finally {
    ipmon.kill();
    rmSync(out, { force: true });
    rtnl.close();
  }
}

export async function benchWatch(): Promise<void> {
  benchDecode();
  console.log();
  const skip = kernelBenchSkipReason();
  if (skip) {
    console.log(`mirror, ip monitor: skipped (${skip})`);
    return;
  }
  const ns = createBenchNetns();
  try {
    ns.batch(['link add r0 type veth peer name r1', 'link set r0 up', 'link set r1 up', 'addr add 172.31.0.1/16 dev r0']);
    const count = 100_000;
    await benchMirror(ns.name, count);
    console.log();
    await benchIpMonitor(ns.name, count);
  } finally {
    ns.remove();
  }
}

// `node dist/watch.js` runs these alone.
if (import.meta.url === `file://${process.argv[1]}`) await benchWatch();
