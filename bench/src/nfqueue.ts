import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { open } from '@linx/nfnl';
import { createBenchNetns, kernelBenchSkipReason, type BenchNetns } from './netns.js';
import { atMost, report, type Figure } from './report.js';

const here = dirname(fileURLToPath(import.meta.url));
const COUNT = 50_000;
const RANGE = 64;
const ROUNDS = 3;
const PORT = 9300;

/** The C consumer (bench/native/nfqueue-floor.c, on libnetfilter_queue), compiled once; undefined without the library's headers. */
function floorBinary(): string | undefined {
  const out = join(here, 'nfqueue-floor');
  if (!existsSync(out)) {
    if (!existsSync('/usr/include/libnetfilter_queue/libnetfilter_queue.h')) return undefined;
    mkdirSync(here, { recursive: true });
    if (spawnSync('cc', ['-O2', '-o', out, join(here, '..', 'native', 'nfqueue-floor.c'), '-lnetfilter_queue'], { stdio: 'inherit' }).status !== 0) return undefined;
  }
  return out;
}

/** Sends `count` UDP datagrams from namespace `b` to a's address, from node itself, and waits until all are sent. */
const SENDER = `
const [to, port, count] = process.argv.slice(1).map((v, i) => (i === 0 ? v : Number(v)));
const socket = require('node:dgram').createSocket('udp4');
const text = Buffer.alloc(32, 0x61);
let sent = 0;
const next = () => (sent++ === count ? socket.close() : socket.send(text, port, to, next));
next();
`;

/**
 * nfqueue: packets verdicted per second. UDP packets from a second namespace come over a veth pair into an
 * iptables NFQUEUE rule; each consumer first lets COUNT packets queue up (the queue and the receive buffer
 * hold them all), then drains them and accepts each, timed from its first read to its last verdict. linx
 * (`nfnl.nfqueue`, a verdict per packet, sent together per receive batch) against a C program on
 * libnetfilter_queue (a verdict per packet, one send each), in the same run, alternating, best of 3.
 */
export async function benchNfqueue(): Promise<void> {
  const skip =
    kernelBenchSkipReason() ??
    (spawnSync('iptables', ['--version'], { stdio: 'ignore' }).status !== 0 ? 'iptables is not installed' : undefined);
  if (skip) {
    console.log(`nfqueue: skipped (${skip})`);
    return;
  }
  const floor = floorBinary();
  console.log(`nfqueue: ${COUNT.toLocaleString('en')} queued UDP packets accepted one by one (copy range ${RANGE} bytes), through a veth pair`);
  const a = createBenchNetns();
  let b: BenchNetns | undefined;
  try {
    b = createBenchNetns();
    // Benchmark addresses (RFC 2544) that exist only inside these namespaces.
    spawnSync('ip', ['-n', a.name, 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb', 'netns', b.name], { stdio: 'inherit' });
    a.batch(['link set lo up', 'link set va up', 'addr add 198.18.0.1/24 dev va']);
    b.batch(['link set lo up', 'link set vb up', 'addr add 198.18.0.2/24 dev vb']);
    const iptables = spawnSync('ip', ['netns', 'exec', a.name, 'iptables', '-A', 'INPUT', '-p', 'udp', '--dport', String(PORT), '-j', 'NFQUEUE', '--queue-num', '0']);
    if (iptables.status !== 0) throw new Error(`iptables failed: ${iptables.stderr.toString()}`);
    const send = () => {
      const r = spawnSync('ip', ['netns', 'exec', b!.name, process.execPath, '-e', SENDER, '198.18.0.1', String(PORT), String(COUNT)]);
      if (r.status !== 0) throw new Error(`the sender failed: ${r.stderr.toString()}`);
    };

    const linxRound = async (): Promise<number> => {
      const nfnl = open({ netns: a.name, receiveBufferSize: 256 << 20 });
      try {
        const queue = await nfnl.nfqueue.bind(0, { range: RANGE, maxLength: COUNT + 1024 });
        send();
        const start = performance.now();
        let verdicts = 0;
        let last: Promise<void> = Promise.resolve();
        const iterator = queue[Symbol.asyncIterator]();
        while (verdicts < COUNT) {
          const result = await iterator.next();
          if (result.done) throw new Error('the queue ended');
          if (result.value.kind === 'overrun') throw new Error('overrun: the receive buffer could not hold the backlog');
          last = queue.verdict(result.value.packet, 'accept');
          verdicts++;
        }
        await last;
        const ms = performance.now() - start;
        await queue.close();
        return ms;
      } finally {
        nfnl.close();
      }
    };

    const cRound = async (): Promise<number> => {
      const child = spawn('ip', ['netns', 'exec', a.name, floor!, '0', String(COUNT), String(RANGE)], { stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      const ready = new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('ready\n')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`nfqueue-floor exited with ${code}`)));
      });
      await ready;
      send();
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.stdin.write('go\n');
      const code = await exited;
      if (code !== 0) throw new Error(`nfqueue-floor exited with ${code}`);
      return Number(out.split('\n')[1]) / 1e6;
    };

    let linx = Infinity;
    let c = Infinity;
    // One warm-up round each, then alternating rounds.
    await linxRound();
    if (floor) await cRound();
    for (let round = 0; round < ROUNDS; round++) {
      linx = Math.min(linx, await linxRound());
      if (floor) c = Math.min(c, await cRound());
    }
    const perSecond = (ms: number) => Math.round((COUNT / ms) * 1000).toLocaleString('en');
    console.log(`  linx nfnl.nfqueue              ${linx.toFixed(1).padStart(8)} ms  ${perSecond(linx)} packets/s`);
    if (floor) console.log(`  C, libnetfilter_queue          ${c.toFixed(1).padStart(8)} ms  ${perSecond(c)} packets/s  (linx ${(c / linx).toFixed(2)}× C; goal ≥ 0.5×)`);
    else console.log('  C, libnetfilter_queue          skipped (no /usr/include/libnetfilter_queue: install Debian libnetfilter-queue-dev)');
    const linxFigure: Figure = { label: 'nfnl.nfqueue, a verdict per packet', perSecond: (COUNT / linx) * 1000, unit: 'packets/s' };
    const cFigure: Figure | undefined = floor ? { label: 'C, libnetfilter_queue', perSecond: (COUNT / c) * 1000, unit: 'packets/s' } : undefined;
    report({
      scenario: `${COUNT.toLocaleString('en')} queued UDP packets accepted one by one (veth pair, iptables NFQUEUE)`,
      issue: 15,
      linx: linxFigure,
      references: cFigure ? [cFigure] : [],
      goals: [atMost(2, cFigure, linxFigure, '≥ 0.5× C\'s rate (≤ 2×)')],
    });
  } finally {
    b?.remove();
    a.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchNfqueue();
