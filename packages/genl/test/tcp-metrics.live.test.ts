// The TCP metrics cache against the running kernel, in a network namespace of our own (deleted
// afterwards): TCP connections between the ends of a veth pair (python3) make the kernel remember their
// destinations; linx's list/get/delete/flush are compared with `ip -j tcp_metrics show` and with the
// requests `ip tcp_metrics` sends (strace).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { createTestNetns, kernelSkipReason, run, traceNetlink, type TestNetns } from '@linx/test-kit';
import { NLM_F_ACK, NLM_F_REQUEST, parseMessages } from '@linx/netlink-wire';
import { open, type Genl } from '../src/index.js';
import { tcpMetrics, TcpMetricsNotFoundError, type TcpMetrics, type TcpMetricsCache } from '../src/tcp-metrics/index.js';
import { fakeFamilies } from './helpers/fake-families.js';

const skip = kernelSkipReason(['ip', 'strace', 'python3']);

/** Connects to each destination (port 7000 of a listener on every address), sends 200 kB, closes. */
const TRAFFIC = `
import socket, sys
for dst in sys.argv[1:]:
    fam = socket.AF_INET6 if ':' in dst else socket.AF_INET
    srv = socket.socket(fam); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((dst, 7000)); srv.listen()
    c = socket.socket(fam); c.connect((dst, 7000))
    conn, _ = srv.accept()
    c.sendall(b'x' * 200000); got = 0
    while got < 200000: got += len(conn.recv(65536))
    c.close(); conn.close(); srv.close()
`;

interface IpMetrics {
  dst: string;
  source?: string;
  age: number;
  rtt?: number;
  rttvar?: number;
  ssthresh?: number;
  cwnd?: number;
  reordering?: number;
}

describe.skipIf(skip !== undefined)(`tcp_metrics on the live kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ns: TestNetns;
  let genl: Genl;
  let tm: TcpMetricsCache;
  const traffic = (...dsts: string[]) => ns.exec(['python3', '-c', TRAFFIC, ...dsts]);
  const ipShow = () => ns.ipJson<IpMetrics[]>('tcp_metrics', 'show');

  beforeAll(() => {
    ns = createTestNetns('linx-test-tcpm');
    ns.batch(['link set lo up', 'link add v0 type veth peer name v1', 'link set v0 up', 'link set v1 up', 'addr add 10.9.1.1/24 dev v0', 'addr add 10.9.1.2/24 dev v1', 'addr add fd00:1::1/64 dev v0 nodad', 'addr add fd00:1::2/64 dev v1 nodad']);
    genl = open({ netns: ns.name });
    tm = tcpMetrics(genl);
  });
  afterAll(() => {
    genl?.close();
    ns?.remove();
  });

  /** linx's entry in `ip -j tcp_metrics show`'s shape, less the age (which moves between the two reads). */
  function asIp(m: TcpMetrics): Omit<IpMetrics, 'age'> {
    const out: Omit<IpMetrics, 'age'> = { dst: m.address };
    // ip prints the RTTs in seconds.
    const rtt = m.rttUs === undefined ? undefined : m.rttUs / 1e6;
    const rttvar = m.rttvarUs === undefined ? undefined : m.rttvarUs / 1e6;
    if (m.cwnd !== undefined) out.cwnd = m.cwnd;
    if (rtt !== undefined) out.rtt = rtt;
    if (rttvar !== undefined) out.rttvar = rttvar;
    if (m.ssthresh !== undefined) out.ssthresh = m.ssthresh;
    if (m.reordering !== undefined) out.reordering = m.reordering;
    if (m.source !== undefined) out.source = m.source;
    return out;
  }

  it('the handle is in the namespace: the cache starts empty there, and holds the destinations of connections made there', async () => {
    expect(await tm.list()).toEqual([]);
    traffic('10.9.1.2', 'fd00:1::2');
    const list = await tm.list();
    expect(list.map((m) => m.address).sort()).toEqual(['10.9.1.2', 'fd00:1::2']);
    const host = run(['ip', '-j', 'tcp_metrics', 'show']).stdout;
    expect(host).not.toContain('10.9.1.2');
  });

  it('list() is `ip -j tcp_metrics show`, entry by entry (age read first by linx, so ip\'s is not smaller)', async () => {
    traffic('10.9.1.1', 'fd00:1::1');
    const ours = await tm.list();
    const theirs = ipShow();
    expect(ours.length).toBeGreaterThanOrEqual(4);
    const known = new Set(['dst', 'source', 'age', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'reordering']);
    for (const t of theirs) for (const key of Object.keys(t)) expect(known, `ip printed ${key}`).toContain(key);
    expect(ours.map(asIp).sort((a, b) => a.dst.localeCompare(b.dst))).toEqual(theirs.map(({ age: _, ...rest }) => rest).sort((a, b) => a.dst.localeCompare(b.dst)));
    for (const m of ours) {
      const t = theirs.find((x) => x.dst === m.address)!;
      expect(t.age * 1000).toBeGreaterThanOrEqual(Number(m.age) - 1);
      expect(m.rttUs).toBeGreaterThan(0);
      expect(m.cwnd).toBeGreaterThan(0);
    }
  });

  it('get(address) is the listed entry; with a source too; an address with no entry is TcpMetricsNotFoundError, as ip says "No such process"', async () => {
    const [first] = await tm.list();
    const got = await tm.get(first!.address);
    expect({ ...got, age: 0n }).toEqual({ ...first!, age: 0n });
    expect((await tm.get(first!.address, { source: first!.source! })).address).toBe(first!.address);
    await expect(tm.get('10.9.1.99')).rejects.toMatchObject({ code: 'ERR_LINX_TCP_METRICS_NOT_FOUND', address: '10.9.1.99' });
    expect(run(['ip', '-n', ns.name, 'tcp_metrics', 'show', '10.9.1.99']).stderr).toMatch(/No such process/);
    await expect(tm.delete('10.9.1.99')).rejects.toBeInstanceOf(TcpMetricsNotFoundError);
  });

  it('delete removes one destination as ip then lists it; flush removes all', async () => {
    await tm.delete('fd00:1::2');
    expect(ipShow().map((m) => m.dst)).not.toContain('fd00:1::2');
    expect((await tm.list()).map((m) => m.address)).not.toContain('fd00:1::2');
    await tm.flush();
    expect(ipShow()).toEqual([]);
  });

  describe("ip tcp_metrics's requests (strace) are byte for byte linx's", () => {
    it.each<[string, string[], (tm: TcpMetricsCache) => Promise<unknown>]>([
      ['show 10.9.1.2', ['show', '10.9.1.2'], (tm) => tm.get('10.9.1.2')],
      ['delete 10.9.1.2', ['delete', '10.9.1.2'], (tm) => tm.delete('10.9.1.2')],
      ['delete fd00:1::2', ['delete', 'fd00:1::2'], (tm) => tm.delete('fd00:1::2')],
      ['flush', ['flush'], (tm) => tm.flush()],
      ['show (dump)', ['show'], (tm) => tm.list()],
    ])('ip tcp_metrics %s', async (_, args, call) => {
      traffic('10.9.1.2', 'fd00:1::2');
      const familyId = (await genl.family('tcp_metrics')).id;
      const traced = traceNetlink(['sh', '-c', `ip -n ${ns.name} tcp_metrics ${args.join(' ')} || true`]);
      const theirs = traced.sent.flatMap((bytes) => parseMessages(bytes)).filter((m) => m.type === familyId);
      const fake = fakeFamilies({ tcp_metrics: { id: familyId } }, (req, k) => (req.flags & 0x300 ? k.multipart(req, []) : k.ack(req)));
      await call(tcpMetrics(fake.genl)).catch(() => undefined);
      const ours = fake.sent(familyId);
      expect(theirs.length).toBeGreaterThanOrEqual(1);
      expect(ours).toHaveLength(1);
      // ip asks for an ACK on changes; on reads it does not, linx always does.
      if (theirs[0]!.flags & NLM_F_ACK) expect(ours[0]!.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
      expect(ours[0]!.flags & 0x300).toBe(theirs[0]!.flags & 0x300); // NLM_F_DUMP on the dump only
      expect([...ours[0]!.payload]).toEqual([...theirs[0]!.payload]);
    });
  });

  it('bad input is refused before anything is sent', async () => {
    const fake = fakeFamilies({ tcp_metrics: { id: 0x30 } });
    const t = tcpMetrics(fake.genl);
    await expect(t.get('10.0.0.300')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(t.get('')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(t.delete('10.0.0.1', { source: 'fd00::1' })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(t.delete(42 as unknown as string)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(fake.kernel.requests).toEqual([]);
  });
});
