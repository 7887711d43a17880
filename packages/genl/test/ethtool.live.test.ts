// The ethtool family against the running kernel, in a network namespace of our own (deleted afterwards),
// on a veth pair, lo and a bridge, compared with the `ethtool` command run in the same namespace: `ethtool
// DEV`, `ethtool --json -k` (features), `-l` (channels), `-g`/`-c`/`-a`/`--show-eee` (which these
// drivers mostly lack: where ethtool says "Operation not supported", linx must throw
// EthtoolNotSupportedError), `--json -S --all-groups`. Features and channels are set both ways: with
// linx and read back by ethtool, with ethtool and read back by linx. The request bytes of `ethtool -k`
// (strace) are compared with linx's, byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMessage, type AttrSetDecl, type TypeDecl } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { createTestNetns, kernelSkipReason, run, traceNetlink, type TestNetns } from '@linx/test-kit';
import { errnoNumber, NLM_F_ACK, NLM_F_REQUEST, parseMessages } from '@linx/netlink-wire';
import { genlMessage, open, type Genl as GenlHandle } from '../src/index.js';
import { declarations, ethtool, EthtoolNoSuchDeviceError, EthtoolNotSupportedError, type Ethtool } from '../src/ethtool/index.js';
import { fakeEthtool } from './helpers/fake-ethtool.js';

const skip = kernelSkipReason(['ip', 'ethtool', 'strace']);
const DEVICES = ['v0', 'lo', 'br0'] as const;

/** `ethtool ARGS` in the namespace: stdout, or undefined when ethtool says the driver does not support it. */
function ethtoolCmd(ns: TestNetns, ...args: string[]): string | undefined {
  const r = run(['ip', 'netns', 'exec', ns.name, 'ethtool', ...args]);
  if (r.status !== 0 && /Operation not supported/.test(r.stderr + r.stdout)) return undefined;
  if (r.status !== 0) throw new Error(`ethtool ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** `Key: value` lines of ethtool's text output (the first of each key). */
function fields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([^:]+):\s*(.*)$/.exec(line);
    if (m && !out.has(m[1]!.trim())) out.set(m[1]!.trim(), m[2]!.trim());
  }
  return out;
}

/** `ethtool -l` text: the pre-set maximums and the current settings, `n/a` where ethtool prints it. */
function parseChannels(text: string): { max: Record<string, string>; current: Record<string, string> } {
  const [max = '', current = ''] = text.split(/Current hardware settings:/);
  const section = (s: string) => Object.fromEntries([...s.matchAll(/^(RX|TX|Other|Combined):\s+(\S+)/gm)].map((m) => [m[1]!, m[2]!]));
  return { max: section(max), current: section(current) };
}
const shown = (n: number | undefined) => (n === undefined || n === 0 ? 'n/a' : String(n));

interface JsonFeature {
  active: boolean;
  fixed: boolean | null;
  requested: boolean | null;
}

describe.skipIf(skip !== undefined)(`ethtool on the live kernel${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let ns: TestNetns;
  let genl: GenlHandle;
  let eth: Ethtool;

  beforeAll(() => {
    ns = createTestNetns('linx-test-ethtool');
    ns.batch(['link add v0 type veth peer name v1', 'link add br0 type bridge', 'link set lo up', 'link set v0 up', 'link set v1 up']);
    genl = open({ netns: ns.name });
    eth = ethtool(genl);
  });
  afterAll(() => {
    genl?.close();
    ns?.remove();
  });

  it('the handle is in the namespace: a link-state dump lists exactly its interfaces, as `ip link` does, with their carrier', async () => {
    const links = ns.ipJson<{ ifindex: number; ifname: string; flags: string[] }[]>('link', 'show');
    const states = await eth.linkStateAll();
    expect(states.map((s) => [s.ifindex, s.ifname]).sort()).toEqual(links.map((l) => [l.ifindex, l.ifname]).sort());
    for (const s of states) expect(s.link, s.ifname).toBe(links.find((l) => l.ifindex === s.ifindex)!.flags.includes('LOWER_UP'));
  });

  it("the generated declarations match the running kernel's ethtool family: every command it offers is declared, and every attribute its request policies take has the declared id and type, nests followed", async () => {
    const family = await genl.family('ethtool');
    const policy = await genl.policy('ethtool');
    const commands = new Map<number, string>(Object.entries(declarations.requestCommandValues).map(([name, value]) => [value, name]));
    // A kernel newer than the spec (this one: 6.18) may offer commands after the spec's last; none may be missing before it.
    const newest = Math.max(...commands.keys());
    expect(family.operations.filter((op) => !commands.has(op.cmd) && op.cmd <= newest).map((op) => op.cmd)).toEqual([]);
    const sets = new Map((Object.values(declarations) as unknown[]).filter((v): v is AttrSetDecl => typeof v === 'object' && v !== null && 'attributes' in v && 'name' in v).map((set) => [set.name, set]));
    // The request's attribute set, by the command's name (features-get → features, plca-get-cfg → plca, cable-test-act → cable-test).
    const setOf = (command: string) => sets.get(command.replace(/-(get|set|act)(-cfg|-status)?$/, ''));
    const kindOf = (type: TypeDecl): string => {
      const t = type as TypeDecl & { kind: string; int?: string; base?: TypeDecl; signed?: boolean };
      if (t.kind === 'int') return t.int!;
      if (t.kind === 'enum' || t.kind === 'flags') return kindOf(t.base!);
      if (t.kind === 'varint') return t.signed ? 'sint' : 'uint';
      return ({ nest: 'nested', 'type-value': 'nested', packed: 'binary' } as Record<string, string>)[t.kind] ?? t.kind;
    };
    const kernelKind = (type: string | number) => ({ 'nul-string': 'string', 'nested-array': 'nested' } as Record<string, string>)[String(type)] ?? String(type);
    const mismatches: string[] = [];
    let compared = 0;
    const visited = new Set<string>();
    const compare = (set: AttrSetDecl, index: number, path: string) => {
      if (visited.has(`${set.name}/${index}`)) return;
      visited.add(`${set.name}/${index}`);
      for (const [id, p] of policy.policies.get(index) ?? []) {
        const decl = Object.entries(set.attributes).find(([, a]) => a.id === id);
        if (decl === undefined) {
          // Attributes after the set's last declared one are newer than the spec (this kernel's pse-set takes
          // an attribute 16 the spec does not have); a gap inside the declared range would be a wrong id.
          if (id <= Math.max(...Object.values(set.attributes).map((a) => a.id))) mismatches.push(`${path}: attribute ${id} (${String(p.type)}) is not declared in ${set.name}`);
          continue;
        }
        const [name, a] = decl;
        compared++;
        if (kindOf(a.type) !== kernelKind(p.type)) mismatches.push(`${path}.${name}: declared ${kindOf(a.type)}, kernel policy ${String(p.type)}`);
        const nested = (a.type as { kind: string; attrs?: AttrSetDecl | (() => AttrSetDecl) }).attrs;
        if (p.policy !== undefined && nested !== undefined) compare(typeof nested === 'function' ? nested() : nested, p.policy, `${path}.${name}`);
      }
    };
    for (const [cmd, ops] of policy.operations) {
      const command = commands.get(cmd);
      if (command === undefined) continue; // newer than the spec
      const set = setOf(command);
      expect(set, `attribute set of ${command}`).toBeDefined();
      for (const index of [ops.do, ops.dump]) if (index !== undefined) compare(set!, index, command);
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(150);
  });

  it.each(DEVICES)('%s: link modes and link state as `ethtool DEV` shows them (or EOPNOTSUPP where it shows none)', async (dev) => {
    const shownFields = fields(ethtoolCmd(ns, dev)!);
    expect((await eth.linkState(dev)).link).toBe(shownFields.get('Link detected') === 'yes');
    if (!shownFields.has('Speed')) {
      await expect(eth.linkModes(dev)).rejects.toBeInstanceOf(EthtoolNotSupportedError);
      return;
    }
    const modes = await eth.linkModes(dev);
    const speed = shownFields.get('Speed')!;
    expect(modes.speed === undefined ? 'Unknown!' : `${modes.speed}Mb/s`).toBe(speed);
    expect(modes.duplex === 'unknown' ? 'Unknown! (255)' : modes.duplex === 'full' ? 'Full' : 'Half').toBe(shownFields.get('Duplex'));
    expect(modes.autoneg ? 'on' : 'off').toBe(shownFields.get('Auto-negotiation'));
    // ethtool prints link modes in its own spelling (10000baseT/Full for 10000baseT_Full): compared as "none" or not.
    expect(modes.supported.length === 0).toBe(shownFields.get('Supported link modes') === 'Not reported');
    expect(modes.advertised.length === 0).toBe(shownFields.get('Advertised link modes') === 'Not reported');
    const info = await eth.linkInfo(dev);
    expect(String(info.phyaddr)).toBe(shownFields.get('PHYAD'));
    expect(info.ifname).toBe(dev);
  });

  it.each(DEVICES)('%s: features as `ethtool --json -k` shows them, verbose and compact alike', async (dev) => {
    const [json] = JSON.parse(ethtoolCmd(ns, '--json', '-k', dev)!) as [Record<string, JsonFeature | string>];
    const features = await eth.features(dev);
    expect(await eth.features(dev, { compact: true })).toEqual(features);
    const all = await eth.strings('features');
    let compared = 0;
    for (const name of all) {
      const shownFeature = json[name];
      if (shownFeature === undefined || typeof shownFeature === 'string') continue; // ethtool shows it under a legacy alias
      expect(features.active.includes(name), `${dev} ${name} active`).toBe(shownFeature.active);
      if (shownFeature.fixed !== null) expect(!features.changeable.includes(name) || features.nochange.includes(name), `${dev} ${name} fixed`).toBe(shownFeature.fixed);
      if (shownFeature.requested !== null) expect(features.wanted.includes(name), `${dev} ${name} requested`).toBe(shownFeature.requested);
      compared++;
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('features set both ways: linx turns rx-gro-list on and ethtool -k sees it; ethtool -K turns it off and linx sees it', async () => {
    expect((await eth.features('v0')).changeable).toContain('rx-gro-list');
    const active = () => (JSON.parse(ethtoolCmd(ns, '--json', '-k', 'v0')!) as [Record<string, JsonFeature>])[0]['rx-gro-list']!.active;
    expect(active()).toBe(false);
    await eth.setFeatures('v0', { 'rx-gro-list': true });
    expect(active()).toBe(true);
    expect((await eth.features('v0')).active).toContain('rx-gro-list');
    ethtoolCmd(ns, '-K', 'v0', 'rx-gro-list', 'off');
    expect((await eth.features('v0')).active).not.toContain('rx-gro-list');
  });

  it.each(DEVICES)('%s: channels as `ethtool -l` shows them (or EOPNOTSUPP where it has none)', async (dev) => {
    const text = ethtoolCmd(ns, '-l', dev);
    if (text === undefined) {
      await expect(eth.channels(dev)).rejects.toBeInstanceOf(EthtoolNotSupportedError);
      return;
    }
    const c = await eth.channels(dev);
    expect(parseChannels(text)).toEqual({
      max: { RX: shown(c.rxMax), TX: shown(c.txMax), Other: shown(c.otherMax), Combined: shown(c.combinedMax) },
      current: { RX: shown(c.rxCount), TX: shown(c.txCount), Other: shown(c.otherCount), Combined: shown(c.combinedCount) },
    });
  });

  it('channels set both ways on veth: linx sets 2 rx queues, ethtool -l shows them; ethtool -L sets 1, linx reads it', async () => {
    const before = await eth.channels('v0');
    if (before.rxMax === undefined || before.rxMax < 2) throw new Error(`veth reports ${before.rxMax} rx channels at most; expected 2 (one per CPU) on this machine`);
    await eth.setChannels('v0', { rxCount: 2 });
    expect(parseChannels(ethtoolCmd(ns, '-l', 'v0')!).current.RX).toBe('2');
    ethtoolCmd(ns, '-L', 'v0', 'rx', '1');
    expect((await eth.channels('v0')).rxCount).toBe(1);
  });

  it.each(DEVICES)('%s: rings, coalesce, pause and EEE: supported where ethtool shows them, EthtoolNotSupportedError where ethtool says EOPNOTSUPP', async (dev) => {
    const cases: [string[], () => Promise<unknown>][] = [
      [['-g', dev], () => eth.rings(dev)],
      [['-c', dev], () => eth.coalesce(dev)],
      [['-a', dev], () => eth.pause(dev)],
      [['--show-eee', dev], () => eth.eee(dev)],
    ];
    for (const [args, call] of cases) {
      const text = ethtoolCmd(ns, ...args);
      if (text === undefined) await expect(call(), args.join(' ')).rejects.toMatchObject({ code: 'ERR_LINX_ETHTOOL_NOT_SUPPORTED', device: dev });
      else await expect(call(), args.join(' ')).resolves.toMatchObject({ ifname: dev });
    }
  });

  it.each(DEVICES)('%s: timestamping as `ethtool -T` shows it', async (dev) => {
    const text = ethtoolCmd(ns, '-T', dev);
    if (text === undefined) {
      await expect(eth.tsInfo(dev)).rejects.toBeInstanceOf(EthtoolNotSupportedError);
      return;
    }
    const ts = await eth.tsInfo(dev);
    const capabilities = /Capabilities:\n((?:\t.*\n)*)/.exec(text)![1]!.split('\n').map((l) => l.trim().split(/\s+/)[0]!).filter(Boolean);
    expect(ts.timestamping).toEqual(capabilities);
    const shownFields = fields(text);
    expect(ts.phcIndex === undefined ? 'none' : String(ts.phcIndex)).toBe(shownFields.get('PTP Hardware Clock'));
    if (shownFields.get('Hardware Transmit Timestamp Modes') === 'none') expect(ts.txTypes).toEqual([]);
    if (shownFields.get('Hardware Receive Filter Modes') === 'none') expect(ts.rxFilters).toEqual([]);
    expect(ts.timestamping.length).toBeGreaterThan(0);
  });

  it.each(DEVICES)('%s: setting pause and EEE: where `ethtool -A`/`--set-eee` is refused as unsupported, so is linx', async (dev) => {
    const pauseText = ethtoolCmd(ns, '-A', dev, 'autoneg', 'off');
    if (pauseText === undefined) await expect(eth.setPause(dev, { autoneg: false })).rejects.toMatchObject({ code: 'ERR_LINX_ETHTOOL_NOT_SUPPORTED', operation: 'pause-set' });
    else await eth.setPause(dev, { autoneg: false });
    const eeeText = ethtoolCmd(ns, '--set-eee', dev, 'eee', 'off');
    if (eeeText === undefined) await expect(eth.setEee(dev, { enabled: false })).rejects.toMatchObject({ code: 'ERR_LINX_ETHTOOL_NOT_SUPPORTED', operation: 'eee-set' });
    else await eth.setEee(dev, { enabled: false });
    await expect(eth.setPause(dev, { rx: 1 as unknown as boolean })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('standard statistics as `ethtool --json -S DEV --all-groups` shows them', async () => {
    const [json] = JSON.parse(ethtoolCmd(ns, '--json', '-S', 'v0', '--all-groups')!) as [Record<string, unknown>];
    const stats = await eth.stats('v0');
    const { ifname, ...groups } = json;
    expect(ifname).toBe('v0');
    expect(Object.fromEntries(stats.groups.map((g) => [g.group, Object.fromEntries(Object.entries(g.counters).map(([k, v]) => [k, Number(v)]))]))).toEqual(groups);
  });

  it('an interface that does not exist: EthtoolNoSuchDeviceError (the kernel says ENODEV), by name and by index', async () => {
    await expect(eth.linkModes('nosuch0')).rejects.toMatchObject({ code: 'ERR_LINX_ETHTOOL_NO_SUCH_DEVICE', device: 'nosuch0' });
    await expect(eth.features(999999)).rejects.toBeInstanceOf(EthtoolNoSuchDeviceError);
  });

  describe("ethtool's requests (strace) are byte for byte linx's", () => {
    /** linx's requests, recorded by a fake kernel that resolves ethtool to the real id and answers STRSET_GET with an empty set, the rest with ENODEV. */
    async function linxSends(familyId: number, call: (eth: Ethtool) => Promise<unknown>) {
      const { eth, sent } = fakeEthtool(familyId, (req, k) => {
        if (req.payload[0] === declarations.requestCommandValues['strset-get']) return [{ messages: [k.reply(req, { type: familyId, payload: Uint8Array.of(declarations.replyCommandValues['strset-get-reply'], 1, 0, 0) })] }, k.ack(req)];
        return k.error(req, errnoNumber('ENODEV')!);
      });
      await expect(call(eth)).rejects.toBeInstanceOf(EthtoolNoSuchDeviceError);
      return sent();
    }

    const cmd = declarations.requestCommandValues;
    it.each<[string, string[], number[], (eth: Ethtool) => Promise<unknown>]>([
      ['ethtool -k v0: STRSET_GET of the features set, FEATURES_GET with compact bitsets', ['-k'], [cmd['strset-get'], cmd['features-get']], (eth) => eth.features('v0', { compact: true })],
      ['ethtool v0: LINKMODES_GET', [], [cmd['linkmodes-get']], (eth) => eth.linkModes('v0')],
      ['ethtool v0: LINKINFO_GET', [], [cmd['linkinfo-get']], (eth) => eth.linkInfo('v0')],
      ['ethtool v0: LINKSTATE_GET', [], [cmd['linkstate-get']], (eth) => eth.linkState('v0')],
      ['ethtool -l v0: CHANNELS_GET', ['-l'], [cmd['channels-get']], (eth) => eth.channels('v0')],
      ['ethtool -g v0: RINGS_GET', ['-g'], [cmd['rings-get']], (eth) => eth.rings('v0')],
      ['ethtool -c v0: COALESCE_GET', ['-c'], [cmd['coalesce-get']], (eth) => eth.coalesce('v0')],
      ['ethtool -a v0: PAUSE_GET', ['-a'], [cmd['pause-get']], (eth) => eth.pause('v0')],
      ['ethtool --show-eee v0: EEE_GET', ['--show-eee'], [cmd['eee-get']], (eth) => eth.eee('v0')],
      ['ethtool -L v0 rx 2: CHANNELS_SET', ['-L'], [cmd['channels-set']], (eth) => eth.setChannels('v0', { rxCount: 2 })],
    ])('%s', async (_, args, commands, call) => {
      const familyId = (await genl.family('ethtool')).id;
      // ethtool exits non-zero where the driver lacks the operation; its requests are what is compared.
      const argv = args[0] === '-L' ? ['-L', 'v0', 'rx', '2'] : [...args, 'v0'];
      const traced = traceNetlink(['sh', '-c', `ip netns exec ${ns.name} ethtool ${argv.join(' ')} || true`]);
      if (args[0] === '-L') ethtoolCmd(ns, '-L', 'v0', 'rx', '1');
      const theirs = traced.sent.flatMap((bytes) => parseMessages(bytes)).filter((m) => m.type === familyId);
      const ours = await linxSends(familyId, call);
      for (const command of commands) {
        const their = theirs.find((m) => m.payload[0] === command);
        const mine = ours.find((m) => m.payload[0] === command);
        expect(their, `ethtool sent command ${command}`).toBeDefined();
        expect(mine, `linx sent command ${command}`).toBeDefined();
        expect([mine!.flags, their!.flags]).toEqual([NLM_F_REQUEST | NLM_F_ACK, NLM_F_REQUEST | NLM_F_ACK]);
        expect([...mine!.payload], `command ${command}`).toEqual([...their!.payload]);
      }
    });
  });

  it('notifications: changes made by the ethtool command arrive on the monitor group as typed events, bitsets named', async () => {
    const monitor = await eth.monitor();
    try {
      ethtoolCmd(ns, '-K', 'v0', 'rx-gro-list', 'on');
      ethtoolCmd(ns, '-L', 'v0', 'rx', '2');
      const seen: string[] = [];
      let features, channels;
      for await (const event of monitor) {
        seen.push(event.kind);
        if (event.kind === 'features' && event.features.ifname === 'v0') features = event.features;
        if (event.kind === 'channels' && event.channels.ifname === 'v0') channels = event.channels;
        if (features && channels) break;
      }
      expect(features!.active).toContain('rx-gro-list');
      expect(features!.wanted).toContain('rx-gro-list');
      expect(features!).toEqual(await eth.features('v0'));
      expect(channels!).toMatchObject({ ifname: 'v0', rxCount: 2 });
      expect(seen).not.toContain('overrun');
    } finally {
      monitor.close();
      ethtoolCmd(ns, '-K', 'v0', 'rx-gro-list', 'off');
      ethtoolCmd(ns, '-L', 'v0', 'rx', '1');
    }
  });

  it('link modes: where `ethtool -s` is refused as unsupported, so is setLinkModes, whose request carries the same attributes', async () => {
    const familyId = (await genl.family('ethtool')).id;
    const traced = traceNetlink(['sh', '-c', `ip netns exec ${ns.name} ethtool -s v0 speed 1000 duplex full autoneg off; echo "rc=$?"`]);
    const settings = { speed: 1000, duplex: 'full', autoneg: false } as const;
    // ethtool exits non-zero when the driver cannot set link modes (veth cannot).
    if (/rc=0/.test(traced.stdout)) await eth.setLinkModes('v0', settings);
    else await expect(eth.setLinkModes('v0', settings)).rejects.toMatchObject({ code: 'ERR_LINX_ETHTOOL_NOT_SUPPORTED', operation: 'linkmodes-set' });
    const linkmodesSet = declarations.requestCommandValues['linkmodes-set'];
    const theirs = traced.sent.flatMap((bytes) => parseMessages(bytes)).find((m) => m.type === familyId && m.payload[0] === linkmodesSet);
    expect(theirs).toBeDefined();
    const fake = fakeEthtool(familyId, (req, k) => k.error(req, errnoNumber('ENODEV')!));
    await expect(fake.eth.setLinkModes('v0', settings)).rejects.toBeInstanceOf(EthtoolNoSuchDeviceError);
    const ours = fake.sent().find((m) => m.payload[0] === linkmodesSet)!;
    // ethtool writes speed, duplex and autoneg in an order of its own; the attributes and their values are what count.
    const linkmodes = compileMessage(genlMessage('linkmodes', declarations.linkmodesAttrs));
    expect(linkmodes.decode(ours.payload)).toEqual(linkmodes.decode(theirs!.payload));
    expect(ours.payload.length).toBe(theirs!.payload.length);
  });

  it('bad input is refused before anything is sent', async () => {
    for (const bad of ['', 'a'.repeat(16), 'has space', 'a/b', 0, -1, 1.5]) {
      await expect(eth.linkModes(bad as string), String(bad)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    await expect(eth.setFeatures('v0', { '': true })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
