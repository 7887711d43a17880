// conntrack through linx against the `conntrack` tool, in network namespaces of our own (deleted
// afterwards whatever happens): entries made with `conntrack -I` and by real TCP and UDP traffic between
// two namespaces joined by a veth pair. linx's list must show what `conntrack -L` shows, field by field,
// and its filters must select what the tool's do. Needs root, ip, nft and conntrack; skipped otherwise.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelSkipReason } from '@linx/test-kit';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { NetlinkError } from '@linx/netlink-wire';
import { attr, attrset, compileMessage, message, u8 } from '@linx/netlink-codec';
import { conntrack, type ConntrackEntry, type ConntrackTuple, type Nfnl } from '../src/index.js';
import { nfgenmsg } from '../src/protocol.js';
import { run } from './helpers/live.js';
import { A_ADDR, B_ADDR, createVethPair, type VethPair } from './helpers/veth-traffic.js';
import { openIn } from './helpers/netns-guard.js';
import { parseEntries, parseStats, type ToolEntry, type ToolTuple } from './helpers/conntrack-tool.js';

const skip = kernelSkipReason(['ip', 'nft', 'conntrack']);
const A = A_ADDR;
const B = B_ADDR;
const A6 = '2001:db8::1';
const B6 = '2001:db8::2';

/** Compares one direction as the tool prints it with linx's. */
function expectSameTuple(ours: ConntrackTuple, counters: { packets: bigint; bytes: bigint } | undefined, theirs: ToolTuple, what: string): void {
  expect(ours.src, `${what} src`).toBe(theirs.src);
  expect(ours.dst, `${what} dst`).toBe(theirs.dst);
  expect(ours.sport, `${what} sport`).toBe(theirs.sport);
  expect(ours.dport, `${what} dport`).toBe(theirs.dport);
  expect(ours.icmp?.type, `${what} icmp type`).toBe(theirs.type);
  expect(ours.icmp?.code, `${what} icmp code`).toBe(theirs.code);
  expect(ours.icmp?.id, `${what} icmp id`).toBe(theirs.id);
  expect(counters?.packets, `${what} packets`).toBe(theirs.packets);
  expect(counters?.bytes, `${what} bytes`).toBe(theirs.bytes);
}

/** Compares an entry with the tool's line for it, field by field. */
function expectSameEntry(ours: ConntrackEntry, theirs: ToolEntry): void {
  const what = theirs.line;
  expect(ours.family, what).toBe(theirs.family === 'ipv4' ? 'ip' : 'ip6');
  expect(ours.original.protocol, what).toBe(theirs.protocol);
  expect(ours.reply.protocol, what).toBe(theirs.protocol);
  expectSameTuple(ours.original, ours.counters?.original, theirs.original, `${what}: original`);
  expectSameTuple(ours.reply, ours.counters?.reply, theirs.reply, `${what}: reply`);
  // The tool prints the TCP state in capitals with underscores.
  expect(ours.tcp ? String(ours.tcp.state).toUpperCase().replace(/-/g, '_') : undefined, what).toBe(theirs.state);
  // Timeouts tick between the two reads.
  expect(Math.abs((ours.timeout ?? 0) - (theirs.timeout ?? 0)), `${what}: timeout ${ours.timeout}`).toBeLessThanOrEqual(2);
  expect(ours.mark ?? 0, what).toBe(theirs.mark ?? 0);
  expect(ours.zone, what).toBe(theirs.zone);
  expect(ours.use, what).toBe(theirs.use);
  expect(ours.id, what).toBe(theirs.id);
  // The flags the tool prints: UNREPLIED is the absence of seen-reply.
  const flags = [
    ...(ours.status.includes('seen-reply') ? [] : ['UNREPLIED']),
    ...(ours.status.includes('assured') ? ['ASSURED'] : []),
    ...(ours.status.includes('offload') ? ['OFFLOAD'] : []),
    ...(ours.status.includes('hw-offload') ? ['HW_OFFLOAD'] : []),
  ];
  expect(flags.sort(), what).toEqual(theirs.flags.filter((f) => f !== 'SEEN_REPLY').sort());
  // ktimestamp: whole seconds of the start, in the local time the tool prints.
  expect(ours.timestamp?.start !== undefined ? Math.floor(Number(ours.timestamp.start / 1_000_000_000n)) * 1000 : undefined, what).toBe(theirs.start);
}

describe.skipIf(skip !== undefined)('conntrack against the conntrack tool', () => {
  let pair: VethPair;
  let ns: VethPair['a'];
  let peer: VethPair['b'];
  let nfnl: Nfnl;
  let server: ChildProcess | undefined;

  const tool = (...args: string[]) => run(['ip', 'netns', 'exec', ns.name, 'conntrack', ...args]);
  const toolList = (...args: string[]) => {
    const r = tool('-L', '-o', 'extended,id,ktimestamp', ...args);
    if (r.status !== 0 && !/0 flow entries/.test(r.stderr)) throw new Error(`conntrack -L ${args.join(' ')}: ${r.stderr}`);
    return parseEntries(r.stdout);
  };
  const ids = (entries: readonly { id?: number }[]) => entries.map((e) => e.id).sort((a, b) => a! - b!);

  beforeAll(async () => {
    // Two namespaces joined by a veth pair (IPv4 from the shared helper, IPv6 added here).
    pair = createVethPair('ct');
    ({ a: ns, b: peer } = pair);
    nfnl = await openIn({ name: ns.name, nft: (ruleset) => ns.exec(['nft', '-f', '-'], ruleset) });
    ns.ip('addr', 'add', `${A6}/64`, 'dev', 'va', 'nodad');
    peer.ip('addr', 'add', `${B6}/64`, 'dev', 'vb', 'nodad');
    // Counters and timestamps (per namespace), and a rule that uses conntrack so that its hooks track traffic here.
    run(['ip', 'netns', 'exec', ns.name, 'sysctl', '-qw', 'net.netfilter.nf_conntrack_acct=1', 'net.netfilter.nf_conntrack_timestamp=1']);
    ns.exec(['nft', '-f', '-'], 'table inet linx_ct {\n chain out { type filter hook output priority 0; ct state new counter; }\n chain in { type filter hook input priority 0; ct state established counter; }\n}\n');
    // Entries the tool makes.
    for (const args of [
      ['-p', 'tcp', '-s', A, '-d', B, '--sport', '1000', '--dport', '80', '--state', 'ESTABLISHED', '-t', '300', '-m', '4', '-u', 'ASSURED'],
      ['-p', 'icmp', '-s', A, '-d', B, '--icmp-type', '8', '--icmp-code', '0', '--icmp-id', '33', '-t', '300', '-w', '5'],
      ['-p', 'udp', '-s', A6, '-d', B6, '--sport', '5353', '--dport', '53', '-t', '300'],
      ['-p', 'udp', '-s', A, '-d', B, '--sport', '40001', '--dport', '53', '-t', '300', '-m', '0x12'],
    ]) {
      const r = tool('-I', ...args);
      if (r.status !== 0) throw new Error(`conntrack -I ${args.join(' ')}: ${r.stderr}`);
    }
    // Real traffic: a TCP connection (kept open) and a UDP exchange from this namespace to the peer.
    server = spawn('ip', ['netns', 'exec', peer.name, process.execPath, '-e', `
      const net = require('node:net'), dgram = require('node:dgram');
      const s = net.createServer((c) => c.on('data', (d) => c.write(d))).listen(8080, '${B}');
      const u = dgram.createSocket('udp4').on('message', (m, r) => u.send(m, r.port, r.address)).bind(5300, '${B}', () => console.log('ready'));
      setTimeout(() => process.exit(0), 60000);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => server!.stdout!.once('data', () => resolve()));
    run(['ip', 'netns', 'exec', ns.name, process.execPath, '-e', `
      const net = require('node:net'), dgram = require('node:dgram');
      const c = net.connect({ host: '${B}', port: 8080, localPort: 40080 }, () => c.write('hello'));
      c.once('data', () => {
        const u = dgram.createSocket('udp4');
        u.bind(40053, () => u.send('ping', 5300, '${B}'));
        u.once('message', () => { u.close(); c.destroy(); });
      });
    `]);
  }, 30_000);

  afterAll(() => {
    server?.kill();
    nfnl?.close();
    pair?.remove();
  });

  it('lists what conntrack -L lists, field by field (tool-made entries and real traffic)', async () => {
    const ours = await nfnl.conntrack.list();
    const theirs = toolList();
    expect(theirs.length).toBeGreaterThanOrEqual(6);
    expect(ids(ours)).toEqual(ids(theirs));
    for (const t of theirs) expectSameEntry(ours.find((e) => e.id === t.id)!, t);
    // The real TCP connection was seen both ways, with counters and a start time.
    const tcp = ours.find((e) => e.original.dport === 8080)!;
    expect(tcp).toMatchObject({ family: 'ip', original: { src: A, dst: B, protocol: 'tcp', sport: 40080, dport: 8080 }, reply: { src: B, dst: A, sport: 8080, dport: 40080 } });
    expect(tcp.status).toEqual(expect.arrayContaining(['seen-reply', 'confirmed']));
    expect(tcp.counters!.original!.packets).toBeGreaterThan(1n);
    expect(tcp.timestamp!.start).toBeGreaterThan(0n);
  });

  it('the list\'s reader and the codec\'s declarations decode the kernel\'s bytes into the same entries', async () => {
    const codec = compileMessage(conntrack.messages.conntrackMessage);
    const raw = await nfnl.connection.dumpAll({ type: nfnl.conntrack.client.type('get'), payload: new Uint8Array(4) });
    expect(raw.length).toBeGreaterThanOrEqual(6);
    for (const message of raw) {
      const view = new DataView(message.payload.buffer, message.payload.byteOffset, message.payload.byteLength);
      expect(conntrack.readEntry(message.payload, view, 0, message.payload.length)).toEqual(conntrack.entryFrom(codec.decode(message.payload)));
    }
  });

  it.each([
    ['family ip6', { family: 'ip6' }, ['-f', 'ipv6']],
    ['zone 5', { zone: 5 }, ['-w', '5']],
    ['mark 0x12', { mark: 0x12 }, ['-m', '0x12']],
    ['mark 0x10/0xf0', { mark: { value: 0x10, mask: 0xf0 } }, ['-m', '0x10/0xf0']],
    ['status assured', { status: ['assured'] }, ['-u', 'ASSURED']],
    ['original protocol tcp, dport 8080', { original: { protocol: 'tcp', dport: 8080 } }, ['-p', 'tcp', '--dport', '8080']],
    ['original src and protocol udp', { original: { src: A, protocol: 'udp' } }, ['-s', A, '-p', 'udp']],
    ['reply src (IPv6)', { reply: { src: B6 } }, ['--reply-src', B6]],
    ['original dst (IPv6) and protocol udp, sport', { original: { dst: B6, protocol: 'udp', sport: 5353 } }, ['-d', B6, '-p', 'udp', '--sport', '5353']],
    ['original icmp type and id, in zone 5', { zone: 5, original: { protocol: 'icmp', icmp: { type: 8, id: 33 } } }, ['-w', '5', '-p', 'icmp', '--icmp-type', '8', '--icmp-id', '33']],
  ] as const)('filters by %s as conntrack -L does', async (_, filter, args) => {
    const ours = await nfnl.conntrack.list(filter as never);
    const theirs = toolList(...args);
    expect(theirs.length).toBeGreaterThan(0);
    expect(ids(ours)).toEqual(ids(theirs));
  });

  it('gets one entry by its original tuple, or by its reply tuple', async () => {
    const [listed] = await nfnl.conntrack.list({ original: { protocol: 'tcp', dport: 80 } });
    const byOriginal = await nfnl.conntrack.get({ original: { src: A, dst: B, protocol: 'tcp', sport: 1000, dport: 80 } });
    expect(byOriginal.id).toBe(listed!.id);
    expect(byOriginal.original).toEqual(listed!.original);
    const byReply = await nfnl.conntrack.get({ reply: { src: B, dst: A, protocol: 'tcp', sport: 80, dport: 1000 } });
    expect(byReply.id).toBe(listed!.id);
    const icmp = await nfnl.conntrack.get({ original: { src: A, dst: B, protocol: 'icmp', icmp: { type: 8, code: 0, id: 33 } }, zone: 5 });
    expect(icmp).toMatchObject({ zone: 5, original: { icmp: { type: 8, code: 0, id: 33 } }, reply: { icmp: { type: 0, code: 0, id: 33 } } });
  });

  it('a tuple nobody tracks is the kernel\'s ENOENT', async () => {
    const error = await nfnl.conntrack.get({ original: { src: A, dst: B, protocol: 'tcp', sport: 1, dport: 2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect((error as NetlinkError).errno).toBe(2);
  });

  it('a request the kernel refuses brings its ext-ack text and the attribute it blames', async () => {
    // CTA_ZONE written as one byte (the kernel's policy says NLA_U16), through the subsystem's client.
    const narrowZone = message('narrow-zone', { header: nfgenmsg, attrs: attrset('narrow-zone', { zone: attr(18, u8()) }) });
    const error = await nfnl.conntrack.client.request(narrowZone, 'get', { header: { family: 'ip' }, attrs: { zone: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetlinkError);
    expect((error as NetlinkError).errno).toBe(34); // ERANGE
    expect((error as NetlinkError).message).toContain('Attribute failed policy validation');
    expect((error as NetlinkError).attributePath).toBe('zone');
  });

  it('bad input is an InvalidArgumentError before anything is sent', async () => {
    const bad = [
      () => nfnl.conntrack.list({ original: { src: A, dst: B6 } }),
      () => nfnl.conntrack.list({ family: 'ip', original: { src: A6 } }),
      () => nfnl.conntrack.list({ original: { src: A }, reply: { dst: B6 } }),
      () => nfnl.conntrack.list({ zone: 70000 }),
      () => nfnl.conntrack.list({ mark: -1 }),
      () => nfnl.conntrack.list({ mark: 2 ** 32 }),
      () => nfnl.conntrack.list({ mark: { value: 0x100, mask: 0xff } }),
      () => nfnl.conntrack.list({ status: ['nope' as never] }),
      () => nfnl.conntrack.list({ original: { dport: 80 } }),
      () => nfnl.conntrack.list({ original: { protocol: 'icmp', sport: 80 } }),
      () => nfnl.conntrack.get({ original: { src: A, dst: B6, protocol: 'tcp' } }),
      () => nfnl.conntrack.delete({ family: 'ip' } as never),
      () => nfnl.conntrack.create({ original: { src: A, dst: B, protocol: 'tcp', sport: 1, dport: 2 }, timeout: 10, zone: 65536 }),
    ];
    const sent = nfnl.connection.pending;
    for (const call of bad) {
      let thrown: unknown;
      try {
        await call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, String(call)).toBeInstanceOf(InvalidArgumentError);
    }
    expect(nfnl.connection.pending).toBe(sent);
    // Nothing was deleted by the delete without a tuple.
    expect((await nfnl.conntrack.list()).length).toBe(toolList().length);
  });

  it('reads and zeroes counters (conntrack -L -z): the counts come back once, then the tool reads zero', async () => {
    const filter = { original: { protocol: 'tcp' as const, dport: 8080 } };
    const [before] = await nfnl.conntrack.list(filter, { zeroCounters: true });
    expect(before!.counters!.original!.packets).toBeGreaterThan(0n);
    const [after] = toolList('-p', 'tcp', '--dport', '8080');
    expect([after!.original.packets, after!.original.bytes, after!.reply.packets, after!.reply.bytes]).toEqual([0n, 0n, 0n, 0n]);
  });

  it('counts entries as conntrack -C does, and per-CPU statistics as conntrack -S', async () => {
    const count = await nfnl.conntrack.count();
    expect(count.entries).toBe(Number(tool('-C').stdout.trim()));
    const ours = await nfnl.conntrack.stats();
    const theirs = parseStats(tool('-S').stdout);
    expect(ours.map((s) => s.cpu)).toEqual(theirs.map((s) => s.cpu));
    for (const [i, t] of theirs.entries()) {
      const o = ours[i]!;
      // Counters only grow: the tool read after linx.
      expect(o.found).toBeLessThanOrEqual(t.found!);
      expect(o.insert).toBeLessThanOrEqual(t.insert!);
      expect([o.invalid, o.insertFailed, o.drop, o.earlyDrop, o.error, o.searchRestart, o.clashResolve, o.chainTooLong]).toEqual([t.invalid, t.insert_failed, t.drop, t.early_drop, t.error, t.search_restart, t.clash_resolve, t.chaintoolong]);
    }
    expect(ours.reduce((n, s) => n + s.insert, 0)).toBeGreaterThanOrEqual(4);
  });
});
