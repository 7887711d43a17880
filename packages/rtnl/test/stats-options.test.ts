// Every neighbours, rules and stats verb passes its last argument, CallOptions, to the engine: a kernel
// that never answers times out, and an AbortSignal cancels. (No kernel needed.)
import { describe, expect, it } from 'vitest';
import { AbortError, Connection, TimeoutError } from '@linx/netlink-socket';
import { FakeKernel } from '@linx/netlink-socket/testing';
import { Rtnl } from '../src/index.js';

/** A handle on a kernel that never answers. */
const silent = () => new Rtnl(new Connection(new FakeKernel(() => {})));

const calls: [string, (r: Rtnl, o: { timeout?: number; signal?: AbortSignal }) => Promise<unknown>][] = [
  ['neighbours.list', (r, o) => r.neighbours.list({}, o)],
  ['neighbours.stream', (r, o) => r.neighbours.stream({}, o).next()],
  ['neighbours.get', (r, o) => r.neighbours.get({ interface: 2, dst: '10.0.0.1' }, o)],
  ['neighbours.add', (r, o) => r.neighbours.add({ interface: 2, dst: '10.0.0.1', lladdr: '02:00:00:00:00:01' }, o)],
  ['neighbours.replace', (r, o) => r.neighbours.replace({ interface: 2, dst: '10.0.0.1', lladdr: '02:00:00:00:00:01' }, o)],
  ['neighbours.delete', (r, o) => r.neighbours.delete({ interface: 2, dst: '10.0.0.1' }, o)],
  ['neighbours.flush', (r, o) => r.neighbours.flush({ interface: 2 }, o)],
  ['rules.list', (r, o) => r.rules.list({}, o)],
  ['rules.add', (r, o) => r.rules.add({ table: 5 }, o)],
  ['rules.delete', (r, o) => r.rules.delete({ priority: 5 }, o)],
  ['stats.get', (r, o) => r.stats.get(2, {}, o)],
  ['stats.list', (r, o) => r.stats.list({}, o)],
  ['stats.stream', (r, o) => r.stats.stream({}, o).next()],
];

describe('CallOptions reach the engine', () => {
  for (const [name, call] of calls) {
    it(`${name}: timeout → TimeoutError, abort → AbortError`, async () => {
      // A handle each: a dump given up on keeps the socket's dump slot until the kernel ends it, and this
      // kernel never does (a dump queued behind it cannot be cancelled yet: see the report on Connection).
      const first = silent();
      await expect(call(first, { timeout: 20 })).rejects.toBeInstanceOf(TimeoutError);
      first.close();
      const second = silent();
      const controller = new AbortController();
      const pending = call(second, { signal: controller.signal });
      setTimeout(() => controller.abort(), 10);
      await expect(pending).rejects.toBeInstanceOf(AbortError);
      second.close();
    });
  }
});
