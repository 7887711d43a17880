// The MPTCP path manager against the running kernel, in a network namespace of our own (deleted
// afterwards), compared with `ip mptcp` run in the same namespace: endpoints added by either are listed
// identically by both (`ip -j mptcp endpoint show`), limits as `ip mptcp limits show` prints them, the
// requests of `ip mptcp endpoint add|delete|flush` and `limits set` (strace) byte for byte linx's, and
// events of real MPTCP connections (python3 with IPPROTO_MPTCP) as `ip mptcp monitor` prints them.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { createTestNetns, kernelSkipReason, run, traceNetlink, type TestNetns } from '@linx/test-kit';
import { NLM_F_ACK, NLM_F_REQUEST, parseMessages } from '@linx/netlink-wire';
import { open, type Genl } from '../src/index.js';
import { declarations, mptcp, MptcpEndpointNotFoundError, NoSuchInterfaceError, type Mptcp, type MptcpEndpoint, type MptcpEvent } from '../src/mptcp/index.js';
import { canonicalGenl } from './helpers/canonical.js';
import { fakeFamilies } from './helpers/fake-families.js';

const skip = kernelSkipReason(['ip', 'strace', 'python3']);

interface IpEndpoint {
  address: string;
  id: number;
  port?: number;
  dev?: string;
  signal?: boolean;
  subflow?: boolean;
  backup?: boolean;
  fullmesh?: boolean;
  implicit?: boolean;
}

describe.skipIf(skip !== undefined)(`MPTCP path manager on the live kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ns: TestNetns;
  let genl: Genl;
  let pm: Mptcp;
  let names: Map<number, string>;

  /** linx's endpoints in `ip -j mptcp endpoint show`'s shape. */
  async function asIp(): Promise<IpEndpoint[]> {
    return (await pm.endpoints()).map((e: MptcpEndpoint) => {
      const out: IpEndpoint = { address: e.address, id: e.id };
      if (e.port !== undefined) out.port = e.port;
      for (const f of e.flags) out[f] = true;
      if (e.ifindex !== undefined) out.dev = names.get(e.ifindex);
      return out;
    });
  }
  const ipEndpoints = () => ns.ipJson<IpEndpoint[]>('mptcp', 'endpoint', 'show');
  const sorted = (list: IpEndpoint[]) => [...list].sort((a, b) => a.id - b.id);

  beforeAll(async () => {
    ns = createTestNetns('linx-test-mptcp');
    ns.batch(['link set lo up', 'link add v0 type veth peer name v1', 'link set v0 up', 'link set v1 up', 'addr add 10.9.0.1/24 dev v0', 'addr add 10.9.0.2/24 dev v1', 'addr add fd00:9::1/64 dev v0 nodad']);
    names = new Map(ns.ipJson<{ ifindex: number; ifname: string }[]>('link', 'show').map((l) => [l.ifindex, l.ifname]));
    genl = open({ netns: ns.name });
    pm = mptcp(genl);
  });
  afterAll(() => {
    genl?.close();
    ns?.remove();
  });

  it('the handle is in the namespace: an endpoint added with ip there is the one linx lists, and the host has none of it', async () => {
    ns.ip('mptcp', 'endpoint', 'add', '10.9.0.1', 'id', '42', 'subflow');
    expect(await asIp()).toEqual([{ address: '10.9.0.1', id: 42, subflow: true }]);
    const host = run(['ip', '-j', 'mptcp', 'endpoint', 'show']);
    expect(host.stdout).not.toContain('10.9.0.1');
    await pm.flushEndpoints();
    expect(ipEndpoints()).toEqual([]);
  });

  it('endpoints added by linx (every flag, port, device by name and by index, IPv6) are what `ip -j mptcp endpoint show` lists, and the other way round', async () => {
    const v0 = [...names].find(([, n]) => n === 'v0')![0];
    await pm.addEndpoint({ address: '10.9.0.1', id: 1, flags: ['signal'], port: 4321, device: 'v0' });
    await pm.addEndpoint({ address: '10.9.0.2', id: 2, flags: ['subflow', 'backup'], device: v0 });
    await pm.addEndpoint({ address: 'fd00:9::1', flags: ['subflow', 'fullmesh'] });
    ns.ip('mptcp', 'endpoint', 'add', '10.9.0.3', 'id', '9', 'subflow', 'backup', 'dev', 'v1');
    const linx = sorted(await asIp());
    expect(linx).toEqual(sorted(ipEndpoints()));
    expect(linx.map((e) => e.id)).toEqual([1, 2, 3, 9]); // the kernel gave the IPv6 one the next free id
    expect(linx[0]).toEqual({ address: '10.9.0.1', id: 1, port: 4321, signal: true, dev: 'v0' });
    expect(await pm.endpoint(9)).toEqual({ id: 9, address: '10.9.0.3', flags: ['subflow', 'backup'], ifindex: [...names].find(([, n]) => n === 'v1')![0] });
  });

  it('setEndpointFlags changes backup/fullmesh as `ip mptcp endpoint change` does; delete and flush as ip sees them', async () => {
    await pm.setEndpointFlags(1, ['backup']);
    expect(ipEndpoints().find((e) => e.id === 1)).toMatchObject({ signal: true, backup: true });
    ns.ip('mptcp', 'endpoint', 'change', 'id', '1', 'nobackup');
    expect((await pm.endpoint(1)).flags).toEqual(['signal']);
    await pm.deleteEndpoint(2);
    expect(ipEndpoints().map((e) => e.id).sort()).toEqual([1, 3, 9]);
    await pm.flushEndpoints();
    expect(ipEndpoints()).toEqual([]);
    expect(await pm.endpoints()).toEqual([]);
  });

  it('an endpoint that is not there: MptcpEndpointNotFoundError (ip says "address not found"); an interface that is not there: NoSuchInterfaceError, nothing added', async () => {
    await expect(pm.endpoint(77)).rejects.toMatchObject({ code: 'ERR_LINX_MPTCP_ENDPOINT_NOT_FOUND', id: 77 });
    await expect(pm.deleteEndpoint(77)).rejects.toBeInstanceOf(MptcpEndpointNotFoundError);
    expect(run(['ip', '-n', ns.name, 'mptcp', 'endpoint', 'delete', 'id', '77']).stderr).toMatch(/address not found/);
    await expect(pm.addEndpoint({ address: '10.9.0.1', device: 'nosuch0' })).rejects.toBeInstanceOf(NoSuchInterfaceError);
    expect(ipEndpoints()).toEqual([]);
  });

  it('limits as `ip mptcp limits show` prints them, set both ways', async () => {
    const ipLimits = () => {
      const text = ns.ip('mptcp', 'limits', 'show');
      return { addAddrAccepted: Number(/add_addr_accepted (\d+)/.exec(text)![1]), subflows: Number(/subflows (\d+)/.exec(text)![1]) };
    };
    expect(await pm.limits()).toEqual(ipLimits());
    await pm.setLimits({ subflows: 5, addAddrAccepted: 6 });
    expect(ipLimits()).toEqual({ subflows: 5, addAddrAccepted: 6 });
    await pm.setLimits({ subflows: 3 });
    expect(ipLimits()).toEqual({ subflows: 3, addAddrAccepted: 6 });
    ns.ip('mptcp', 'limits', 'set', 'subflows', '1', 'add_addr_accepted', '2');
    expect(await pm.limits()).toEqual({ subflows: 1, addAddrAccepted: 2 });
  });

  describe("ip mptcp's requests (strace) are byte for byte linx's", () => {
    it.each<[string, string[], (pm: Mptcp) => Promise<unknown>]>([
      ['endpoint add 10.0.0.1 id 3 signal', ['endpoint', 'add', '10.0.0.1', 'id', '3', 'signal'], (pm) => pm.addEndpoint({ address: '10.0.0.1', id: 3, flags: ['signal'] })],
      ['endpoint add fd00::5 id 4 subflow backup fullmesh port 0', ['endpoint', 'add', 'fd00::5', 'id', '4', 'subflow', 'backup', 'fullmesh'], (pm) => pm.addEndpoint({ address: 'fd00::5', id: 4, flags: ['subflow', 'backup', 'fullmesh'] })],
      ['endpoint delete id 3', ['endpoint', 'delete', 'id', '3'], (pm) => pm.deleteEndpoint(3)],
      ['endpoint change id 3 backup', ['endpoint', 'change', 'id', '3', 'backup'], (pm) => pm.setEndpointFlags(3, ['backup'])],
      ['endpoint flush', ['endpoint', 'flush'], (pm) => pm.flushEndpoints()],
      ['limits set subflows 3 add_addr_accepted 4', ['limits', 'set', 'subflows', '3', 'add_addr_accepted', '4'], (pm) => pm.setLimits({ subflows: 3, addAddrAccepted: 4 })],
      ['limits show', ['limits', 'show'], (pm) => pm.limits()],
    ])('ip mptcp %s', async (_, args, call) => {
      const familyId = (await genl.family('mptcp_pm')).id;
      const traced = traceNetlink(['sh', '-c', `ip -n ${ns.name} mptcp ${args.join(' ')} || true`]);
      const theirs = traced.sent.flatMap((bytes) => parseMessages(bytes)).filter((m) => m.type === familyId);
      const fake = fakeFamilies({ mptcp_pm: { id: familyId } });
      await call(mptcp(fake.genl)).catch(() => undefined);
      const ours = fake.sent(familyId);
      expect(theirs).toHaveLength(1);
      expect(ours).toHaveLength(1);
      // ip asks for an ACK on changes; on reads (limits show) it does not, linx always does.
      if (theirs[0]!.flags & NLM_F_ACK) expect(ours[0]!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
      // The same bytes, but for the order of the attributes in the address nest (the codec writes them in
      // the spec's order, ip in its own): compared attribute by attribute, nests followed.
      expect(canonicalGenl(ours[0]!.payload)).toEqual(canonicalGenl(theirs[0]!.payload));
      expect(ours[0]!.payload.length).toBe(theirs[0]!.payload.length);
      ns.ip('mptcp', 'endpoint', 'flush');
    });
  });

  it('events: a listener and a connection over MPTCP (python3, IPPROTO_MPTCP) arrive as typed events, as `ip mptcp monitor` prints them', async () => {
    const ipMonitor = spawn('stdbuf', ['-oL', 'ip', '-n', ns.name, 'mptcp', 'monitor'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let ipText = '';
    ipMonitor.stdout.on('data', (d: Buffer) => (ipText += d.toString()));
    const listen = (port: number) => `
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('10.9.0.1', ${port})); s.listen(); s.close()
`;
    // ip mptcp monitor has joined once it prints the events of a probe listener; until then, probe again
    // (a loaded machine may take a while to start it). Only then does linx join, so both see what follows.
    for (let i = 0; i < 100 && !/\n/.test(ipText); i++) {
      ns.exec(['python3', '-c', listen(5554)]);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Once ip has printed all it will of the probes (its text stays the same for a while), what follows is
    // what both see: linx joins now, and ip's text is read from here.
    for (let last = ''; last !== ipText; ) {
      last = ipText;
      await new Promise((r) => setTimeout(r, 300));
    }
    const offset = ipText.length;
    const monitor = await pm.monitor();
    try {
      const script = `
import socket, time
IPPROTO_MPTCP = 262
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('10.9.0.1', 5555)); srv.listen()
cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
cli.connect(('10.9.0.1', 5555))
conn, _ = srv.accept()
cli.sendall(b'x' * 1000); conn.recv(1000); conn.sendall(b'y'); cli.recv(1)
time.sleep(0.2)
cli.close(); conn.close(); srv.close()
`;
      ns.exec(['python3', '-c', script]);
      const all: MptcpEvent[] = [];
      // Until the listener on 5555 is closed and both ends of the connection are (in whatever order).
      for await (const event of monitor) {
        all.push(event);
        const closed = all.filter((e) => e.type === 'closed').length;
        if (closed >= 2 && all.some((e) => e.type === 'listener-closed' && e.info.sport === 5555)) break;
      }
      const events = all;
      const types = events.map((e) => e.type);
      expect(types).not.toContain('overrun');
      for (const t of ['listener-created', 'created', 'established', 'closed', 'listener-closed'] as const) expect(types).toContain(t);
      const listener = events.find((e) => e.type === 'listener-created')!;
      expect(events[0]).toBe(listener);
      expect(listener).toMatchObject({ info: { family: 2, saddr: '10.9.0.1', sport: 5555 } });
      const created = events.filter((e): e is Extract<MptcpEvent, { info: unknown }> => e.type === 'created');
      // Both ends of the connection: the client's and the server's, with the same addresses swapped.
      expect(created.map((e) => e.info.token).every((t) => typeof t === 'number' && t !== 0)).toBe(true);
      // ip mptcp monitor saw the same events, by its own names (iproute2 6.1 prints the listener events,
      // newer than it, as "UNKNOWN 15" and "UNKNOWN 16"), with the same tokens, addresses and ports.
      const byNumber = new Map<number, string>(Object.entries(declarations.eventTypeValues).map(([name, value]) => [value, name]));
      const ipEventsOf = (text: string) =>
        [...text.matchAll(/^\[\s*([A-Z_]+)(?: (\d+))?\][ \t]*(.*)$/gm)].map((m) => ({
          type: m[2] !== undefined ? byNumber.get(Number(m[2])) : m[1]!.toLowerCase().replace(/_/g, '-').replace(/^sf-/, 'sub-'),
          text: m[3]!,
        }));
      const ours = () => ipEventsOf(ipText.slice(offset));
      for (let i = 0; i < 200 && ours().length < events.length; i++) await new Promise((r) => setTimeout(r, 50));
      const ipEvents = ours().slice(0, events.length);
      expect(ipEvents.map((e) => e.type)).toEqual(types);
      for (const [i, e] of ipEvents.entries()) {
        const ours = events[i] as Extract<MptcpEvent, { info: unknown }>;
        const token = /token=([0-9a-f]+)/.exec(e.text)?.[1];
        if (token !== undefined) expect(ours.info.token, e.text).toBe(parseInt(token, 16));
        const saddr = /saddr4=(\S+)/.exec(e.text)?.[1];
        if (saddr !== undefined) expect(ours.info.saddr, e.text).toBe(saddr);
        const sport = /sport=(\d+)/.exec(e.text)?.[1];
        if (sport !== undefined) expect(ours.info.sport, e.text).toBe(Number(sport));
      }
    } finally {
      monitor.close();
      ipMonitor.kill();
    }
  }, 30_000);

  it('bad input is refused before anything is sent', async () => {
    const fake = fakeFamilies({ mptcp_pm: { id: 0x30 } });
    const p = mptcp(fake.genl);
    await expect(p.addEndpoint({ address: '10.0.0.300' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(p.addEndpoint({ address: '10.0.0.1', id: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(p.addEndpoint({ address: '10.0.0.1', id: 256 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(p.addEndpoint({ address: '10.0.0.1', port: 70000 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(p.addEndpoint({ address: '10.0.0.1', flags: ['sigal' as 'signal'] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(p.addEndpoint({ address: '10.0.0.1', device: 'not a name' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(p.deleteEndpoint(0)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(p.setEndpointFlags(1, ['signal'])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(p.setLimits({ subflows: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(p.setLimits({ sublows: 1 } as never)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(fake.kernel.requests).toEqual([]);
    expect(declarations.commandValues['add-addr']).toBe(1);
  });
});
