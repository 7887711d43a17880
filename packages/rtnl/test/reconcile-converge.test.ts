// converge() refuses bad options and an aborted signal before it touches the handle (which is not a
// handle here: any use of it would throw). Its passes are tested on a kernel (reconcile-converge.live).
import { describe, expect, it } from 'vitest';
import { AbortError } from '@linx/netlink-socket';
import { converge, type Rtnl } from '../src/index.js';

const untouchable = new Proxy({}, { get: (_target, name) => { throw new Error(`converge used rtnl.${String(name)}`); } }) as Rtnl;

describe('converge before it starts', () => {
  it.each([
    [{ protocol: 200, interval: 0 }, 'options.interval'],
    [{ protocol: 200, settle: -1 }, 'options.settle'],
    [{ protocol: 200, onPass: 'log' }, 'options.onPass'],
    [{ protocol: 200, every: 5 }, 'options.every'],
    [{ protocol: 2 }, 'options.protocol'],
    [{}, 'options.protocol'],
  ])('%o is refused, naming %s', async (options, argument) => {
    await expect(converge(untouchable, {}, options as never)).rejects.toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument });
  });

  it('bad desired input is refused with its path', async () => {
    await expect(converge(untouchable, { links: [{ name: 'x', kind: 'bridge', mtu: 'big' as never }] }, { protocol: 200 })).rejects.toMatchObject({ argument: 'links[0].mtu' });
  });

  it('a signal aborted already rejects with AbortError', async () => {
    await expect(converge(untouchable, {}, { protocol: 200, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });
});
