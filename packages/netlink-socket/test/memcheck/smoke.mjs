// A small program that exercises every path of the addon once, for valgrind or ASan (see
// scripts/memcheck.mjs): open in a namespace (by name, path, fd), bind, options, memberships, send,
// receive (dump, multicast, a >64 KiB datagram, an overrun, reading ahead on the thread pool), a series of dumps on the thread pool, pause/resume, close inside a callback,
// garbage collection of unclosed sockets, typed failures, named namespaces made, refused and removed. Needs root (it makes a network namespace) and
// the built dist/. Exits non-zero if anything behaves unexpectedly.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { encodeMessage, iterateMessages } from '@linx/netlink-wire';
import { DumpSeries, addNetns, deleteNetns } from '../../dist/index.js';
import { RawNetlinkSocket, bpfObjGet, datagrams } from '../../dist/native/index.js';

const ns = `linx-test-mem-${process.pid}`;
// The namespace is made and removed by the addon itself (as `ip netns add/delete` would).
addNetns(ns);
const ip = (...args) => execFileSync('ip', ['-n', ns, ...args]);
const check = (condition, what) => {
  if (!condition) throw new Error(`memcheck smoke: ${what}`);
};

function receiveUntil(socket, done, timeoutMs = 20_000) {
  return new Promise((resolve, reject) => {
    const seen = [];
    const timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    socket.start({
      onBatch(data, meta) {
        for (const d of datagrams(data, meta)) seen.push({ ...d, messages: [...iterateMessages(d.bytes)] });
        if (done(seen)) {
          clearTimeout(timer);
          resolve(seen);
        }
      },
      onOverrun() {
        seen.push({ overrun: true, messages: [] });
      },
      onError: reject,
      maxDatagrams: 8,
    });
  });
}

const dump = (seq) => encodeMessage({ type: 18, flags: 0x301, seq, payload: new Uint8Array(16) });
const isDone = (seen) => seen.some((d) => d.messages.some((m) => m.type === 3 || m.type === 2));

try {
  ip('link', 'add', 'lx-mem-a', 'type', 'veth', 'peer', 'name', 'lx-mem-b');

  // Open three ways, dump links each time.
  const fd = openSync(`/run/netns/${ns}`, 'r');
  for (const netns of [ns, { path: `/run/netns/${ns}` }, { fd }]) {
    const socket = RawNetlinkSocket.open({ protocol: 0, netns, receiveBufferSize: 1 << 20 });
    socket.setExtendedAck(true);
    socket.setStrictCheck(true);
    check(socket.getOption(270, 11) === 1, 'ext ack');
    const replies = receiveUntil(socket, isDone);
    socket.send(dump(1));
    const links = (await replies).flatMap((d) => d.messages).filter((m) => m.type === 16);
    check(links.length === 3, `3 links, got ${links.length}`);
    socket.close();
    socket.close();
  }
  closeSync(fd);

  // Multicast with pktinfo, pause/resume, memberships above 32.
  const monitor = RawNetlinkSocket.open({ protocol: 0, netns: ns });
  monitor.setPacketInfo(true);
  for (const group of [1, 11, 33, 36]) monitor.addMembership(group);
  check(monitor.memberships().join() === '1,11,33,36', 'memberships');
  monitor.dropMembership(36);
  monitor.pause();
  const events = receiveUntil(monitor, (seen) => seen.filter((d) => d.group === 1).length >= 2);
  ip('link', 'add', 'lx-mem-c', 'type', 'veth', 'peer', 'name', 'lx-mem-d');
  monitor.resume();
  await events;

  // An overrun, then reading on.
  monitor.setReceiveBufferSize(1);
  let overrun = false;
  const afterOverrun = new Promise((resolve) => {
    monitor.start({
      onBatch(data, meta) {
        for (const d of datagrams(data, meta)) for (const m of iterateMessages(d.bytes)) if (m.type === 16 && overrun) resolve();
      },
      onOverrun() {
        overrun = true;
        monitor.setReceiveBufferSize(1 << 20);
        ip('link', 'add', 'lx-mem-late', 'type', 'veth', 'peer', 'name', 'lx-mem-latep');
      },
      onError() {},
    });
  });
  execFileSync('ip', ['-n', ns, '-batch', '-'], { input: Array.from({ length: 30 }, (_, i) => `link add lx-mem-x${i} type veth peer name lx-mem-y${i}`).join('\n') });
  await afterOverrun;
  monitor.close();

  // Reading ahead on the thread pool: a dump of the 70 links in one-datagram batches, paused and resumed
  // inside a callback; then a socket closed while a drain runs.
  const ahead = RawNetlinkSocket.open({ protocol: 0, netns: ns });
  ahead.setReadAhead(true);
  let batches = 0;
  const aheadDone = new Promise((resolve, reject) => {
    ahead.start({
      onBatch(data, meta) {
        batches++;
        if (batches === 2) {
          ahead.pause();
          setTimeout(() => ahead.resume(), 20);
        }
        for (const d of datagrams(data, meta)) for (const m of iterateMessages(d.bytes)) if (m.type === 3) resolve();
      },
      onOverrun() {},
      onError: reject,
      maxDatagrams: 1,
    });
  });
  ahead.send(dump(5));
  await aheadDone;
  check(batches > 2, `a dump read ahead in several batches, got ${batches}`);
  ahead.close();
  const closing = RawNetlinkSocket.open({ protocol: 0, netns: ns });
  closing.setReadAhead(true);
  closing.start({ onBatch: () => closing.close(), onOverrun() {}, onError() {}, maxDatagrams: 1 });
  closing.send(dump(6));
  await new Promise((resolve) => setTimeout(resolve, 50));

  // A series of dumps on the thread pool (runSeries, through DumpSeries on a socket opened beside
  // another): the links and a refused request; a run stopped by its limits mid-answer and gone on with;
  // a socket closed while a run goes on.
  const anchor = RawNetlinkSocket.open({ protocol: 0, netns: ns });
  const series = DumpSeries.beside(anchor);
  const links = { type: 18, payload: new Uint8Array(16) };
  const answers = await series.run([links, { type: 16, payload: new Uint8Array(16) }], (a) => a.error?.errnoName ?? a.chunks.reduce((n, c) => n + c.count, 0));
  check(answers[0] > 60 && answers[1] === 'ENODEV', `a series' answers, got ${answers}`);
  const beside = anchor.openBeside();
  let runs = 0;
  for (let finished = 0, firstSent = false; finished < 1; runs++) {
    const run = await beside.runSeries(dump(7), firstSent, { maxDatagrams: 1 });
    finished += run.finished;
    firstSent = run.inProgress;
  }
  check(runs > 1, `a series run stopped by its limits, went on in ${runs} runs`);
  beside.close();
  const closedSeries = DumpSeries.beside(anchor);
  const pending = closedSeries.run(Array.from({ length: 50 }, () => links), () => undefined).catch((e) => e);
  closedSeries.close();
  check((await pending)?.code === 'ERR_LINX_CLOSED', 'a series closed during a run rejects with SocketClosedError');
  series.close();
  anchor.close();

  // A datagram far above 64 KiB (an error echoing a big request), and a 1 MiB send.
  const big = RawNetlinkSocket.open({ protocol: 0, netns: ns });
  const request = encodeMessage({ type: 0x7fff, flags: 0x5, seq: 9, payload: new Uint8Array(150_000) });
  const bigReply = receiveUntil(big, isDone);
  big.send(request);
  check((await bigReply).some((d) => d.bytes.length > 150_000), 'big datagram');
  const noops = new Uint8Array(1 << 20);
  const view = new DataView(noops.buffer);
  for (let offset = 0; offset < noops.length; offset += 16) {
    view.setUint32(offset, 16, true);
    view.setUint16(offset + 4, 1, true);
    view.setUint16(offset + 6, offset + 16 === noops.length ? 5 : 1, true);
  }
  const ack = receiveUntil(big, isDone);
  big.send(noops);
  await ack;

  // Close inside the data callback, with more queued.
  big.addMembership(1);
  await new Promise((resolve) => {
    big.pause();
    big.start({
      onBatch() {
        big.close();
        resolve();
      },
      onOverrun() {},
      onError() {},
      maxDatagrams: 1,
    });
    ip('link', 'add', 'lx-mem-e', 'type', 'veth', 'peer', 'name', 'lx-mem-f');
    big.resume();
  });

  // Typed failures.
  for (const netns of ['linx-test-missing', { path: '/proc/self/ns/uts' }]) {
    try {
      RawNetlinkSocket.open({ protocol: 0, netns });
      check(false, 'expected a failure');
    } catch (error) {
      check(error.code === 'ERR_LINX_NATIVE', `typed failure, got ${error}`);
    }
  }

  // Named namespaces: made (the namespace thread), refused when taken, opened, removed, refused when gone.
  const named = `${ns}-named`;
  try {
    addNetns(named);
    try {
      addNetns(named);
      check(false, 'expected EEXIST');
    } catch (error) {
      check(error.code === 'ERR_LINX_NETNS_EXISTS', `typed EEXIST, got ${error}`);
    }
    RawNetlinkSocket.open({ protocol: 0, netns: named }).close();
    deleteNetns(named);
    try {
      deleteNetns(named);
      check(false, 'expected ENOENT');
    } catch (error) {
      check(error.code === 'ERR_LINX_NETNS_NOT_FOUND', `typed ENOENT, got ${error}`);
    }
  } finally {
    spawnSync('ip', ['netns', 'delete', named], { stdio: 'ignore' });
  }

  // bpf(2) BPF_OBJ_GET of a path with nothing pinned: the typed failure (stage 'bpf').
  try {
    bpfObjGet('/sys/fs/bpf/linx-memcheck-missing');
    check(false, 'expected a failure');
  } catch (error) {
    check(error.code === 'ERR_LINX_NATIVE' && error.stage === 'bpf', `typed bpf failure, got ${error}`);
  }

  // Unclosed, unstarted sockets left to the garbage collector.
  for (let i = 0; i < 200; i++) RawNetlinkSocket.open({ protocol: 0, netns: ns });
  if (globalThis.gc) {
    for (let i = 0; i < 5; i++) {
      globalThis.gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  // And one started socket never closed, unref'ed: the environment cleanup closes it at exit.
  const leftover = RawNetlinkSocket.open({ protocol: 0, netns: ns });
  leftover.start({ onBatch() {}, onOverrun() {}, onError() {} });
  leftover.unref();
  console.log('memcheck smoke: ok');
} finally {
  deleteNetns(ns);
}
