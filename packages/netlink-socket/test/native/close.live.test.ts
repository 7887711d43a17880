// Closing: idempotent, every later call throws SocketClosedError, safe from inside the callbacks; and the
// object being garbage-collected, the process exiting or a worker ending without close() leaks nothing
// and does not crash.
import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETLINK_ROUTE } from '@linx/netlink-wire';
import { SocketClosedError } from '../../src/index.js';
import { RawNetlinkSocket, datagramCount, loadNative } from '../../src/native/index.js';
import { createNetns, kernelSkipReason, type TestNetns } from '../helpers/netns.js';
import { RTNLGRP_LINK, getLinkDump, sleep } from '../helpers/rtnl.js';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `script` (CommonJS) in a child node with the addon's package root as cwd; returns its result. */
function runChild(script: string, args: string[] = []) {
  return spawnSync(process.execPath, [...args, '-e', script], { cwd: packageRoot, encoding: 'utf8', timeout: 30_000 });
}

const fdTarget = (fd: number): string | undefined => {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
};

describe('close', () => {
  it('is idempotent; every method afterwards throws SocketClosedError', () => {
    const socket = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE });
    const fd = socket.fd;
    const target = fdTarget(fd);
    expect(target).toMatch(/^socket:\[\d+\]$/);
    socket.close();
    socket.close();
    expect(socket.closed).toBe(true);
    expect(fdTarget(fd)).not.toBe(target);
    const calls: (() => unknown)[] = [
      () => socket.fd,
      () => socket.send(getLinkDump(1)),
      () => socket.setOption(270, 11, 1),
      () => socket.getOption(1, 8),
      () => socket.setExtendedAck(),
      () => socket.setReceiveBufferSize(1000),
      () => socket.getSendBufferSize(),
      () => socket.addMembership(1),
      () => socket.dropMembership(1),
      () => socket.memberships(),
      () => socket.start({ onBatch() {}, onOverrun() {}, onError() {} }),
      () => socket.pause(),
      () => socket.resume(),
      () => socket.ref(),
      () => socket.unref(),
    ];
    for (const call of calls) {
      expect(call).toThrow(SocketClosedError);
      expect(call).toThrow(expect.objectContaining({ code: 'ERR_LINX_CLOSED' }));
    }
    expect(socket.portId).toBeGreaterThan(0);
  });

  it('the raw addon object also throws ERR_LINX_CLOSED after close, never crashes', () => {
    const native = new (loadNative().NetlinkSocket)(NETLINK_ROUTE);
    native.start(() => {}, () => {}, () => {});
    native.close();
    native.close();
    expect(native.fd).toBe(-1);
    expect(native.closed).toBe(true);
    for (const call of [
      () => native.bind(),
      () => native.getPortId(),
      () => native.send(new Uint8Array(16)),
      () => native.setOption(1, 8, 1),
      () => native.getOption(1, 8),
      () => native.listMemberships(),
      () => native.start(() => {}, () => {}, () => {}),
      () => native.pause(),
      () => native.resume(),
      () => native.ref(),
      () => native.unref(),
    ]) {
      expect(call).toThrow(expect.objectContaining({ code: 'ERR_LINX_CLOSED' }));
    }
  });

  it('closing a started socket that never received anything, and a paused one', () => {
    const a = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE });
    a.start({ onBatch() {}, onOverrun() {}, onError() {} });
    a.close();
    const b = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE });
    b.start({ onBatch() {}, onOverrun() {}, onError() {} });
    b.pause();
    b.close();
    expect(a.closed && b.closed).toBe(true);
  });

  describe.skipIf(kernelSkipReason !== undefined)('from inside callbacks', () => {
    let ns: TestNetns;
    let counter = 0;

    beforeAll(() => {
      ns = createNetns();
    });

    afterAll(() => ns?.remove());

    it('close inside onBatch: no further callback, the fd is gone, no crash', async () => {
      const socket = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: ns.name });
      socket.addMembership(RTNLGRP_LINK);
      const fd = socket.fd;
      const target = fdTarget(fd);
      socket.pause();
      const calls: number[] = [];
      socket.start({
        onBatch(_data, meta) {
          calls.push(datagramCount(meta));
          socket.close();
          socket.close();
          expect(() => socket.resume()).toThrow(SocketClosedError);
        },
        onOverrun: () => calls.push(-1),
        onError: () => calls.push(-2),
        maxDatagrams: 1,
      });
      for (let i = 0; i < 3; i++) ns.ip('link', 'add', `lx-cl-${counter}`, 'type', 'veth', 'peer', 'name', `lx-cl-${counter++}p`);
      socket.resume();
      await sleep(150);
      expect(calls).toEqual([1]);
      expect(fdTarget(fd)).not.toBe(target);
    });

    it('close inside onOverrun', async () => {
      const socket = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: ns.name });
      socket.addMembership(RTNLGRP_LINK);
      socket.setReceiveBufferSize(1);
      let overruns = 0;
      let batchesAfterClose = 0;
      socket.start({
        onBatch: () => {
          if (socket.closed) batchesAfterClose++;
        },
        onOverrun: () => {
          overruns++;
          socket.close();
        },
        onError() {},
      });
      ns.ipBatch(Array.from({ length: 20 }, () => `link add lx-cl-${counter} type veth peer name lx-cl-${counter++}p`));
      await sleep(150);
      expect(overruns).toBe(1);
      expect(batchesAfterClose).toBe(0);
      expect(socket.closed).toBe(true);
    });

    it('an exception thrown by onBatch is an uncaught exception; the socket reads on', () => {
      const script = `
        const { execFileSync } = require('node:child_process');
        const { NetlinkSocket } = require('node-gyp-build')('./native');
        const s = new NetlinkSocket(0, ${JSON.stringify(ns.path)});
        s.bind(); s.setOption(270, 1, 1);
        let batches = 0, uncaught = 0;
        process.on('uncaughtException', (e) => { uncaught++; if (e.message !== 'boom') throw e; });
        s.start(() => { batches++; throw new Error('boom'); }, () => {}, () => {}, 1);
        execFileSync('ip', ['-n', ${JSON.stringify(ns.name)}, 'link', 'add', 'lx-throw', 'type', 'veth', 'peer', 'name', 'lx-throwp']);
        setTimeout(() => { s.close(); console.log(JSON.stringify({ batches, uncaught })); }, 200);
      `;
      const result = runChild(script);
      expect(result.stderr).toBe('');
      const out = JSON.parse(result.stdout) as { batches: number; uncaught: number };
      expect(out.batches).toBeGreaterThanOrEqual(2);
      expect(out.uncaught).toBe(out.batches);
    });
  });

  it('garbage collection of unclosed, unstarted sockets closes their fds', () => {
    const script = `
      const { readdirSync } = require('node:fs');
      const { NetlinkSocket } = require('node-gyp-build')('./native');
      const count = () => readdirSync('/proc/self/fd').length;
      (async () => {
        const before = count();
        (() => { for (let i = 0; i < 2000; i++) new NetlinkSocket(0).bind(); })();
        const opened = count();
        for (let i = 0; i < 20 && count() > before + 5; i++) {
          globalThis.gc();
          await new Promise((r) => setImmediate(r));
        }
        console.log(JSON.stringify({ before, opened, after: count() }));
      })();
    `;
    const result = runChild(script, ['--expose-gc']);
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as { before: number; opened: number; after: number };
    expect(out.opened).toBeGreaterThanOrEqual(out.before + 1000);
    expect(out.after).toBeLessThanOrEqual(out.before + 5);
  });

  it('a started socket keeps the process alive until closed, or not at all when unref()ed', () => {
    // Unref'ed and never closed: the process exits by itself, cleanly.
    const exits = runChild(`
      const { NetlinkSocket } = require('node-gyp-build')('./native');
      const s = new NetlinkSocket(0); s.bind(); s.start(() => {}, () => {}, () => {}); s.unref();
      process.on('exit', () => console.log('exit'));
    `);
    expect(exits.status).toBe(0);
    expect(exits.stdout.trim()).toBe('exit');
    // Ref'ed: still running until a timer closes it.
    const waits = runChild(`
      const { NetlinkSocket } = require('node-gyp-build')('./native');
      const s = new NetlinkSocket(0); s.bind(); s.start(() => {}, () => {}, () => {});
      const t0 = Date.now();
      setTimeout(() => s.close(), 300).unref();
      process.on('exit', () => console.log(Date.now() - t0 >= 290 ? 'waited' : 'early'));
    `);
    expect(waits.status).toBe(0);
    expect(waits.stdout.trim()).toBe('waited');
  });

  it('a worker that ends with started, unclosed sockets: no crash, no fd left behind', () => {
    const script = `
      const { Worker } = require('node:worker_threads');
      const { readdirSync } = require('node:fs');
      const count = () => readdirSync('/proc/self/fd').length;
      const workerCode = \`
        const { parentPort } = require('node:worker_threads');
        const { NetlinkSocket } = require('node-gyp-build')(${JSON.stringify(`${packageRoot}/native`)});
        const sockets = [];
        for (let i = 0; i < 50; i++) {
          const s = new NetlinkSocket(0); s.bind(); s.setOption(270, 1, 1);
          s.start(() => {}, () => {}, () => {});
          if (i % 2) s.pause();
          sockets.push(s);
        }
        for (let i = 0; i < 50; i++) new NetlinkSocket(0);
        parentPort.postMessage('ready');
      \`;
      (async () => {
        const before = count();
        for (let round = 0; round < 5; round++) {
          const worker = new Worker(workerCode, { eval: true });
          await new Promise((resolve) => worker.once('message', resolve));
          await worker.terminate();
        }
        console.log(JSON.stringify({ before, after: count() }));
      })();
    `;
    const result = runChild(script);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as { before: number; after: number };
    expect(out.after).toBeLessThanOrEqual(out.before + 2);
  });
});
