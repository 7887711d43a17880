import { compileMessage } from '@linx/netlink-codec';
import { onFirstUse } from '@linx/netlink-codec/runtime';
import { formatIP, formatMAC, parseIP, parseMAC } from '@linx/netlink-wire';
import { InvalidArgumentError, checkIfname } from '../shared/arguments.js';
import { createRequest, type LinkCreateOptions, type LinkSetOptions } from '../link/links.js';
import { linkRequestMessage } from '../link/request-layout.js';
import { kindHandler, type BuildContext } from '../link/kinds.js';
import { checkNetns, placeholderNetns } from '../link/netns.js';
import type { Link } from '../link/link.js';
import { atPath } from './argument-path.js';
import { differences, readySteps, type Draft, type PlanContext } from './draft.js';
import type { FieldChange } from './types.js';

/**
 * Links: identified by name. A change `links.set` can make (up, mtu, address, broadcast, txqlen, alias,
 * master; a bridge's own options) is an update; a different kind, lower device, veth peer or other
 * kind-specific data cannot be changed in place, so the link is deleted and created again (and what
 * was on it, addresses and routes, is created again after it).
 */

const linkRequest = onFirstUse(() => compileMessage(linkRequestMessage));

/** Kinds whose IFLA_INFO_DATA `links.set` changes in place; the others are recreated. */
const SETTABLE_DATA = new Set(['bridge']);

interface DesiredLink {
  path: string;
  name: string;
  spec: LinkCreateOptions;
  kind: string;
  /** Interfaces this one needs first: its master, its lower device, a vxlan's `dev`. */
  needs: string[];
  /** What `set` changes, in the form observation reports it. */
  common: Record<string, unknown>;
  /** The lower device (`link`), for kinds that have one. */
  lower: string | undefined;
  /** A veth's peer in this namespace. */
  peer: string | undefined;
  /** IFLA_INFO_DATA as the create request carries it, without interface references and the veth peer. */
  data: Record<string, unknown> | undefined;
  /** The desired veth whose create makes this link, when this entry is the other end of a pair. */
  madeBy?: DesiredLink;
}

function canonicalMac(text: string | undefined): string | undefined {
  return text === undefined ? undefined : formatMAC(parseMAC(text));
}

/** Addresses in kind data as the kernel reports them (the request carries them as written). */
function canonicalData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'peer' || key === 'link') continue;
    out[key] = typeof value === 'string' && /[.:]/.test(value) ? formatIP(parseIP(value)) : value;
  }
  return out;
}

function checkLink(spec: LinkCreateOptions, path: string): DesiredLink {
  return atPath(path, () => {
    const refs: Record<string, string> = {};
    const context: BuildContext = {
      index(ref, argument) {
        if (typeof ref === 'number') throw new InvalidArgumentError(argument, 'reconcile names interfaces by name (an index changes when a link is recreated)');
        refs[argument] = checkIfname(ref, argument);
        return 1;
      },
      netns: (target, argument) => placeholderNetns(checkNetns(target, argument)),
    };
    const request = createRequest(spec, false)(context);
    linkRequest().encode(request as never);
    const o = spec as LinkCreateOptions & Record<string, unknown>;
    const linkinfo = request.attrs.linkinfo as { kind: string; data?: Record<string, unknown> };
    const peerSpec = o.kind === 'veth' ? o.peer : undefined;
    return {
      path,
      name: o.name,
      spec,
      kind: linkinfo.kind,
      needs: [refs.master, refs.link, refs.dev].filter((name): name is string => name !== undefined),
      common: {
        up: o.up,
        mtu: o.mtu,
        address: canonicalMac(o.address),
        broadcast: canonicalMac(o.broadcast),
        txqlen: o.txqlen,
        alias: o.alias,
        master: refs.master,
      },
      lower: kindHandler(o.kind).needsLink ? refs.link : undefined,
      peer: peerSpec?.netns === undefined ? peerSpec?.name : undefined,
      data: linkinfo.data === undefined ? undefined : canonicalData(linkinfo.data),
    };
  });
}

/** Kinds the kernel deletes with the link their IFLA_LINK names (a veth's is its peer). */
const DIES_WITH_LINK = new Set(['veth', 'vlan', 'macvlan', 'macvtap', 'ipvlan', 'ipvtap']);

/** The link of this namespace whose deletion deletes `link` too. */
function diesWith(link: Link, names: Map<number, string>): string | undefined {
  return DIES_WITH_LINK.has(link.linkinfo?.kind ?? '') ? sameNamespaceRef(link, link.link, names) : undefined;
}

/** An observed link's reference to another link of this namespace, by name. */
function sameNamespaceRef(link: Link, index: number | undefined, names: Map<number, string>): string | undefined {
  if (index === undefined || index === 0 || link.linkNetnsid !== undefined) return undefined;
  return names.get(index) ?? `#${index}`;
}

function observedCommon(link: Link, names: Map<number, string>, gone: Set<string>): Record<string, unknown> {
  const master = link.master === undefined || link.master === 0 ? undefined : (names.get(link.master) ?? `#${link.master}`);
  return {
    up: link.flags.includes('up'),
    mtu: link.mtu,
    address: link.address,
    broadcast: link.broadcast,
    txqlen: link.txqlen,
    alias: link.ifalias ?? '',
    // A master that goes away releases its ports: once it is created again, they must be enslaved again.
    master: master !== undefined && gone.has(master) ? undefined : master,
  };
}

/** What cannot be changed in place: differences that make the link be recreated. */
function structural(wanted: DesiredLink, link: Link, names: Map<number, string>): FieldChange[] {
  const changes: FieldChange[] = [];
  const kind = link.linkinfo?.kind;
  if (kind !== wanted.kind) changes.push({ field: 'kind', from: kind, to: wanted.kind });
  if (wanted.lower !== undefined) {
    const lower = sameNamespaceRef(link, link.link, names);
    if (lower !== wanted.lower) changes.push({ field: 'link', from: lower, to: wanted.lower });
  }
  if (wanted.peer !== undefined && kind === 'veth') {
    const peer = sameNamespaceRef(link, link.link, names);
    if (peer !== wanted.peer) changes.push({ field: 'peer', from: peer, to: wanted.peer });
  }
  if (wanted.data !== undefined && kind === wanted.kind && !SETTABLE_DATA.has(wanted.kind)) {
    for (const change of differences(wanted.data, (link.linkinfo?.data ?? {}) as Record<string, unknown>)) changes.push({ ...change, field: `data.${change.field}` });
  }
  return changes;
}

const SET_FIELDS = ['up', 'mtu', 'address', 'broadcast', 'txqlen', 'alias', 'master'] as const;

/** The `set` of a link's common fields that differ, and with a bridge, its options. */
function setCall(wanted: DesiredLink, changes: FieldChange[], withKind: boolean): LinkSetOptions {
  const out: Record<string, unknown> = {};
  for (const change of changes) if ((SET_FIELDS as readonly string[]).includes(change.field)) out[change.field] = change.to;
  if (withKind) {
    const spec = wanted.spec as unknown as Record<string, unknown>;
    out.kind = wanted.kind;
    for (const key of kindHandler(wanted.kind).keys) if (key !== 'peer' && spec[key] !== undefined) out[key] = spec[key];
  }
  return out as LinkSetOptions;
}

/** Desired links in an order where each comes after the desired links it needs (masters before ports). */
function topological(entries: DesiredLink[]): DesiredLink[] {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const out: DesiredLink[] = [];
  const state = new Map<DesiredLink, 'visiting' | 'done'>();
  const visit = (entry: DesiredLink, from: DesiredLink | undefined) => {
    const seen = state.get(entry);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new InvalidArgumentError(from!.path, `${from!.name} and ${entry.name} need each other (master, lower device): there is no order to create them in`);
    state.set(entry, 'visiting');
    const needs = [...entry.needs, ...(entry.madeBy ? [entry.madeBy.name] : [])];
    for (const name of needs) {
      const needed = byName.get(name);
      if (needed) visit(needed, entry);
    }
    state.set(entry, 'done');
    out.push(entry);
  };
  for (const entry of entries) visit(entry, undefined);
  return out;
}

/** Pairs desired veths with a desired entry for their peer: the first of the two creates both. */
function pairPeers(entries: DesiredLink[]): void {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  for (const entry of entries) {
    if (entry.kind !== 'veth' || entry.peer === undefined || entry.madeBy) continue;
    const other = byName.get(entry.peer);
    if (!other) continue;
    if (other.kind !== 'veth') throw new InvalidArgumentError(`${other.path}.kind`, `${other.name} is the peer of the veth ${entry.name} (${entry.path}), so its kind is 'veth'`);
    if (other.peer !== undefined && other.peer !== entry.name) throw new InvalidArgumentError(`${other.path}.peer.name`, `${other.name} is the peer of ${entry.name} (${entry.path}), not of ${other.peer}`);
    other.madeBy = entry;
  }
}

export interface LinkPlan {
  deletes: Draft[];
  applies: Draft[];
  ownership: string[];
}

export function planLinks(desired: readonly LinkCreateOptions[], observed: readonly Link[], owned: ReadonlySet<string>, context: PlanContext): LinkPlan {
  if (!Array.isArray(desired)) throw new InvalidArgumentError('links', 'expected a list of links.create() arguments');
  const entries = desired.map((spec, i) => checkLink(spec, `links[${i}]`));
  const firstPath = new Map<string, string>();
  for (const entry of entries) {
    const earlier = firstPath.get(entry.name);
    if (earlier !== undefined) throw new InvalidArgumentError(`${entry.path}.name`, `${earlier} is named ${JSON.stringify(entry.name)} too`);
    firstPath.set(entry.name, entry.path);
  }
  pairPeers(entries);
  const wanted = new Map(entries.map((entry) => [entry.name, entry]));
  const { names } = context;
  const present = new Map<string, Link>();
  for (const link of observed) if (link.ifname !== undefined) present.set(link.ifname, link);

  // Which observed links go: the recreated, the owned ones no longer desired, what must make room.
  const remove = new Map<string, { recreate: boolean; changes?: FieldChange[] }>();
  const recreated = new Map<string, FieldChange[]>();
  /** Links in the way that are not owned: never deleted; their create fails (EEXIST) and says why. */
  const blocked = new Map<string, FieldChange[]>();
  for (const entry of entries) {
    const link = present.get(entry.name);
    if (!link || entry.madeBy) continue;
    const changes = structural(entry, link, names);
    if (!changes.length) continue;
    if (owned.has(entry.name)) {
      recreated.set(entry.name, changes);
      remove.set(entry.name, { recreate: true, changes });
    } else blocked.set(entry.name, changes);
  }
  for (const entry of entries) {
    const maker = entry.madeBy;
    const link = present.get(entry.name);
    if (!maker || !link) continue;
    // The pair is made anew: a link in the way of the peer's name must go first (unless it is the old peer).
    const makerLink = present.get(maker.name);
    const oldPeer = makerLink && sameNamespaceRef(makerLink, makerLink.link, names);
    // One someone else made is not deleted: the pair's create then fails (EEXIST).
    if ((!makerLink || recreated.has(maker.name)) && oldPeer !== entry.name && owned.has(entry.name)) remove.set(entry.name, { recreate: true });
  }
  const keptOwned: string[] = [];
  for (const name of owned) {
    const link = present.get(name);
    if (!link || wanted.has(name)) continue;
    const peer = link.linkinfo?.kind === 'veth' ? sameNamespaceRef(link, link.link, names) : undefined;
    if (peer !== undefined && wanted.has(peer) && !remove.has(peer)) {
      // Deleting one end of a veth pair deletes the other, which is desired: the pair stays, still owned.
      keptOwned.push(name);
      continue;
    }
    remove.set(name, { recreate: false });
  }

  // What goes with them: the other end of a veth, links on top of a deleted lower device.
  const gone = new Set(remove.keys());
  for (let grew = true; grew; ) {
    grew = false;
    for (const link of observed) {
      if (link.ifname === undefined || gone.has(link.ifname)) continue;
      const under = diesWith(link, names);
      if (under !== undefined && gone.has(under)) {
        gone.add(link.ifname);
        grew = true;
      }
    }
  }
  context.gone = gone;

  const deletes: Draft[] = [];
  const deleteOf = new Map<string, Draft>();
  const implied = new Set<string>();
  for (const [name, why] of remove) {
    if (implied.has(name)) continue;
    const link = present.get(name)!;
    const step: Draft = {
      op: 'delete',
      kind: 'link',
      key: name,
      call: { verb: 'links.delete', name },
      after: [],
      ...(why.recreate ? { recreate: true } : {}),
      ...(why.changes ? { changes: why.changes } : {}),
      releases: [],
    };
    deletes.push(step);
    deleteOf.set(name, step);
    // Deleting a veth deletes its peer: one delete for the pair.
    const peer = link.linkinfo?.kind === 'veth' ? sameNamespaceRef(link, link.link, names) : undefined;
    if (peer !== undefined) {
      implied.add(peer);
      deleteOf.set(peer, step);
    }
  }
  // Links on a deleted lower device go with it: their own delete would find nothing.
  for (const step of [...deletes]) {
    const link = present.get(step.key)!;
    const under = diesWith(link, names);
    if (under !== undefined && link.linkinfo?.kind !== 'veth' && remove.has(under)) {
      deletes.splice(deletes.indexOf(step), 1);
      deleteOf.set(step.key, deleteOf.get(under) ?? step);
    }
  }
  // Each link that goes, by the delete that takes it (links that go with a lower device one level up);
  // an owned one no longer desired stays owned if that delete fails.
  for (const name of gone) {
    const link = present.get(name)!;
    let step = deleteOf.get(name);
    const seen = new Set([name]);
    for (let under = diesWith(link, names); !step && under !== undefined && !seen.has(under); under = present.has(under) ? diesWith(present.get(under)!, names) : undefined) {
      seen.add(under);
      step = deleteOf.get(under);
    }
    if (!step) continue;
    context.removal.set(name, step);
    if (owned.has(name) && !wanted.has(name)) step.releases!.push({ kind: 'link', key: name });
  }

  const applies: Draft[] = [];
  for (const entry of topological(entries)) {
    const link = gone.has(entry.name) ? undefined : present.get(entry.name);
    const waitFor = readySteps(context, entry.needs);
    const maker = entry.madeBy && context.ready.get(entry.madeBy.name);
    if (entry.madeBy && (maker || !link)) {
      // Made by its peer's create (when the peer exists and stays, so does this end).
      const step = maker;
      if (step) context.ready.set(entry.name, step);
      const changes = differences(entry.common, {});
      if (changes.length) {
        applies.push({ op: 'update', kind: 'link', key: entry.name, call: { verb: 'links.set', name: entry.name, changes: setCall(entry, changes, false) }, changes, after: [...(step ? [step] : []), ...waitFor] });
      }
      continue;
    }
    const conflict = blocked.get(entry.name);
    if (conflict) {
      // A link someone else made has the name: it is not deleted, so this create fails (EEXIST), with why,
      // and what would go on the link waits for it (skipped).
      const step: Draft = { op: 'create', kind: 'link', key: entry.name, call: { verb: 'links.create', spec: entry.spec }, changes: conflict, after: waitFor };
      applies.push(step);
      context.ready.set(entry.name, step);
      continue;
    }
    if (!link) {
      const removal = deleteOf.get(entry.name);
      const changes = recreated.get(entry.name);
      const step: Draft = {
        op: 'create',
        kind: 'link',
        key: entry.name,
        call: { verb: 'links.create', spec: entry.spec },
        after: [...(removal ? [removal] : []), ...waitFor],
        ...(changes ? { recreate: true, changes } : {}),
      };
      applies.push(step);
      context.ready.set(entry.name, step);
      if (entry.kind === 'veth' && entry.peer !== undefined && !wanted.has(entry.peer)) context.ready.set(entry.peer, step);
      continue;
    }
    const changes = differences(entry.common, observedCommon(link, names, gone));
    const dataChanges =
      entry.data !== undefined && SETTABLE_DATA.has(entry.kind)
        ? differences(entry.data, (link.linkinfo?.data ?? {}) as Record<string, unknown>).map((change) => ({ ...change, field: `data.${change.field}` }))
        : [];
    if (changes.length || dataChanges.length) {
      applies.push({
        op: 'update',
        kind: 'link',
        key: entry.name,
        call: { verb: 'links.set', name: entry.name, changes: setCall(entry, changes, dataChanges.length > 0) },
        changes: [...changes, ...dataChanges],
        after: waitFor,
      });
    }
  }
  return { deletes, applies, ownership: [...entries.map((entry) => entry.name), ...keptOwned] };
}
