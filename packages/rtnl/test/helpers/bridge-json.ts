// How iproute2 6.1's `bridge -j` prints FDB and MDB entries, for comparing linx's shapes with bridge's
// output field by field (bridge.live.test.ts against the running kernel, bridge-replay.test.ts against a
// recorded dump).
import type { FdbEntry, MdbEntry } from '../../src/index.js';

export type Json = Record<string, unknown>;

/** An FDB entry the way `bridge -j fdb show` prints it (iproute2 6.1's print_fdb: master by name, not as a flag). */
export function fdbAsBridge(e: FdbEntry): Json {
  const o: Json = { mac: e.mac, ifname: e.dev };
  if (e.vlan !== undefined) o.vlan = e.vlan;
  o.flags = e.flags.filter((f) => f !== 'master').map((f) => (f === 'extern-learn' ? 'extern_learn' : f));
  if (e.masterDev !== undefined) o.master = e.masterDev;
  o.state = e.state === 'dynamic' ? '' : e.state;
  return o;
}

/** iproute2's names of the MDB flags (print_mdb_flags in bridge/mdb.c). */
const MDB_FLAG_NAMES: Record<string, string> = { offload: 'offload', 'fast-leave': 'fast_leave', 'star-excl': 'added_by_star_ex', blocked: 'blocked', 'offload-failed': 'offload_failed' };

/** An MDB entry the way `bridge -j -d mdb show` prints it (iproute2 6.1's print_mdb_entry). */
export function mdbAsBridge(e: MdbEntry): Json {
  const o: Json = { index: e.ifindex, dev: e.dev, port: e.portDev, grp: e.group };
  if (e.source !== undefined) o.src = e.source;
  o.state = e.state;
  if (e.filterMode !== undefined) o.filter_mode = e.filterMode;
  if (e.protocol !== undefined) o.protocol = e.protocol;
  o.flags = e.flags.map((f) => MDB_FLAG_NAMES[f] ?? f);
  if (e.vid !== undefined) o.vid = e.vid;
  return o;
}
