/**
 * A port's settings under its master (`ip link set DEV type bridge_slave …`, `… type bond_slave …`):
 * IFLA_INFO_SLAVE_DATA, the bridge port's IFLA_BRPORT_* or the bond port's IFLA_BOND_SLAVE_*, named after
 * iproute2's options. Checked here before anything is sent; the kernel applies them only to a port of a
 * master of that kind (EOPNOTSUPP otherwise).
 */
import { brPortStateValues, type BrPortState } from '../generated/rt-link.js';
import { InvalidArgumentError, type InterfaceRef } from '../shared/arguments.js';
import { U16, U32, checkKeys, checkName } from './checks.js';
import { flag01, put, uint, type BuildContext, type Data } from './kind-handler.js';

/** A bridge port's settings (IFLA_BRPORT_*), as `ip link set DEV type bridge_slave` names them. */
export interface LinkBridgePortSettings {
  /** The STP state: 'disabled', 'listening', 'learning', 'forwarding', 'blocking'. */
  state?: BrPortState;
  /** STP port priority, 0..63. */
  priority?: number;
  /** STP path cost, 1..2^32-1. */
  cost?: number;
  /** Send frames back out the port they came in on (`hairpin`). */
  hairpin?: boolean;
  /** Block STP BPDUs (`guard`). */
  guard?: boolean;
  /** Never become the root port (`root_block`). */
  rootBlock?: boolean;
  /** Leave multicast groups at once on a leave message (`fastleave`). */
  fastLeave?: boolean;
  learning?: boolean;
  /** Flood unknown unicast (`flood`). */
  flood?: boolean;
  proxyArp?: boolean;
  proxyArpWifi?: boolean;
  /** Multicast router port: 0 (never), 1 (learned, the default), 2 (always), 3 (temporary). */
  mcastRouter?: number;
  mcastFlood?: boolean;
  mcastToUcast?: boolean;
  bcastFlood?: boolean;
  vlanTunnel?: boolean;
  groupFwdMask?: number;
  neighSuppress?: boolean;
  neighVlanSuppress?: boolean;
  isolated?: boolean;
  locked?: boolean;
  mab?: boolean;
  /** The port that takes over when this one's carrier goes down (`backup_port`). */
  backupPort?: InterfaceRef;
}

/** A bond port's settings (IFLA_BOND_SLAVE_*), as `ip link set DEV type bond_slave` names them. */
export interface LinkBondPortSettings {
  /** `queue_id`, 0..65535. */
  queueId?: number;
  /** `prio`: the port's priority in the failover order (Linux 6.0). */
  prio?: number;
}

export type LinkPortSettings = { bridgePort: LinkBridgePortSettings } | { bondPort: LinkBondPortSettings };

/** Option → IFLA_BRPORT_* (its generated name) and how it is checked. */
const BRIDGE_PORT: Record<keyof LinkBridgePortSettings, [string, (value: unknown, argument: string) => unknown]> = {
  state: ['state', (v, a) => checkName(v, brPortStateValues, a)],
  priority: ['priority', uint(63)],
  cost: ['cost', uint(U32, 1)],
  hairpin: ['mode', flag01],
  guard: ['guard', flag01],
  rootBlock: ['protect', flag01],
  fastLeave: ['fastLeave', flag01],
  learning: ['learning', flag01],
  flood: ['unicastFlood', flag01],
  proxyArp: ['proxyarp', flag01],
  proxyArpWifi: ['proxyarpWifi', flag01],
  mcastRouter: ['multicastRouter', uint(3)],
  mcastFlood: ['mcastFlood', flag01],
  mcastToUcast: ['mcastToUcast', flag01],
  bcastFlood: ['bcastFlood', flag01],
  vlanTunnel: ['vlanTunnel', flag01],
  groupFwdMask: ['groupFwdMask', uint(U16)],
  neighSuppress: ['neighSuppress', flag01],
  neighVlanSuppress: ['neighVlanSuppress', flag01],
  isolated: ['isolated', flag01],
  locked: ['locked', flag01],
  mab: ['mab', flag01],
  backupPort: ['backupPort', () => undefined],
};
const BRIDGE_PORT_KEYS = new Set(Object.keys(BRIDGE_PORT));
const BOND_PORT_KEYS = new Set(['queueId', 'prio']);

/** The IFLA_LINKINFO of a port-settings change, as iproute2 sends it (kind "bridge_slave" or "bond_slave"). */
export function portSettings(options: Record<string, unknown>, context: BuildContext): Data | undefined {
  const { bridgePort, bondPort } = options;
  if (bridgePort !== undefined && bondPort !== undefined) throw new InvalidArgumentError('bondPort', 'a port is a bridge port or a bond port, not both');
  if (bridgePort !== undefined) {
    const o = checkKeys(bridgePort, BRIDGE_PORT_KEYS, 'bridgePort', 'a bridge port');
    const out: Data = {};
    for (const [key, [name, check]] of Object.entries(BRIDGE_PORT)) {
      if (key === 'backupPort') {
        if (o.backupPort !== undefined) out.backupPort = context.index(o.backupPort, 'bridgePort.backupPort');
      } else put(out, name, o, key, (v) => check(v, `bridgePort.${key}`));
    }
    if (Object.keys(out).length === 0) throw new InvalidArgumentError('bridgePort', 'no setting given');
    return { kind: 'bridge_slave', slaveData: out };
  }
  if (bondPort !== undefined) {
    const o = checkKeys(bondPort, BOND_PORT_KEYS, 'bondPort', 'a bond port');
    const out: Data = {};
    put(out, 'queueId', o, 'queueId', (v) => uint(U16)(v, 'bondPort.queueId'));
    put(out, 'prio', o, 'prio', (v) => uint(0x7fff_ffff)(v, 'bondPort.prio'));
    if (Object.keys(out).length === 0) throw new InvalidArgumentError('bondPort', 'no setting given');
    return { kind: 'bond_slave', slaveData: out };
  }
  return undefined;
}
