// A device's settings as `ethtool DEV` (ethtool 6.1, over netlink) prints them: link modes, link info and
// link state, each part present when the driver answers its request.
import type { LinkInfo, LinkModes, LinkState } from '@linx/genl/ethtool';

/** What `linx ethtool DEV` shows (its `-j` shape): each part undefined when the driver does not report it. */
export interface DeviceSettings {
  ifname: string;
  linkModes?: LinkModes;
  linkInfo?: LinkInfo;
  linkState?: LinkState;
}

/** The words ethtool prints for linux/ethtool.h's PORT_* values. */
const PORT_WORDS = new Map([[0x00, 'Twisted Pair'], [0x01, 'AUI'], [0x02, 'BNC'], [0x03, 'MII'], [0x04, 'FIBRE'], [0x05, 'Direct Attach Copper'], [0xef, 'None'], [0xff, 'Other']]);
const PORT_TP = 0x00;
/** linux/ethtool.h's ETH_TP_MDI* values, as ethtool words them. */
const MDIX_WORDS = new Map([[0x01, 'off'], [0x02, 'on']]);
const ETH_TP_MDI_AUTO = 0x03;
/** linux/ethtool.h's XCVR_* values. */
const TRANSCEIVER_WORDS = new Map([[0x00, 'internal'], [0x01, 'external']]);

/** The link-mode bits that are not modes: ports, pause, autonegotiation and FEC (ethtool lists them apart). */
const PORT_MODES: [string, string][] = [['TP', 'TP'], ['AUI', 'AUI'], ['BNC', 'BNC'], ['MII', 'MII'], ['FIBRE', 'FIBRE'], ['Backplane', 'Backplane']];
const FEC_MODES: [string, string][] = [['FEC_NONE', 'None'], ['FEC_RS', 'RS'], ['FEC_BASER', 'BaseR'], ['FEC_LLRS', 'LLRS']];
const NOT_SPEED_MODES = new Set(['Autoneg', 'Pause', 'Asym_Pause', ...PORT_MODES.map(([m]) => m), ...FEC_MODES.map(([m]) => m)]);

function pauseWords(modes: readonly string[]): string {
  const pause = modes.includes('Pause');
  const asym = modes.includes('Asym_Pause');
  return pause ? (asym ? 'Symmetric Receive-only' : 'Symmetric') : asym ? 'Transmit-only' : 'No';
}

function modeList(modes: readonly string[]): string {
  const speeds = modes.filter((m) => !NOT_SPEED_MODES.has(m));
  // ethtool wraps long lists over several lines; linx prints them on one.
  return speeds.length === 0 ? 'Not reported' : speeds.join(' ');
}

function fecList(modes: readonly string[]): string {
  const fec = FEC_MODES.filter(([m]) => modes.includes(m)).map(([, word]) => word);
  return fec.length === 0 ? 'Not reported' : fec.join(' ');
}

export function settingsText(s: DeviceSettings): string {
  const lines = [`Settings for ${s.ifname}:`];
  const modes = s.linkModes;
  if (modes !== undefined) {
    const ports = PORT_MODES.filter(([m]) => modes.supported.includes(m)).map(([, word]) => `${word} `);
    lines.push(`\tSupported ports: [ ${ports.join('')} ]`);
    lines.push(`\tSupported link modes:   ${modeList(modes.supported)}`);
    lines.push(`\tSupported pause frame use: ${pauseWords(modes.supported)}`);
    lines.push(`\tSupports auto-negotiation: ${modes.supported.includes('Autoneg') ? 'Yes' : 'No'}`);
    lines.push(`\tSupported FEC modes: ${fecList(modes.supported)}`);
    lines.push(`\tAdvertised link modes:  ${modeList(modes.advertised)}`);
    lines.push(`\tAdvertised pause frame use: ${pauseWords(modes.advertised)}`);
    lines.push(`\tAdvertised auto-negotiation: ${modes.advertised.includes('Autoneg') ? 'Yes' : 'No'}`);
    lines.push(`\tAdvertised FEC modes: ${fecList(modes.advertised)}`);
    if (modes.peer.length > 0) {
      lines.push(`\tLink partner advertised link modes:  ${modeList(modes.peer)}`);
      lines.push(`\tLink partner advertised pause frame use: ${pauseWords(modes.peer)}`);
      lines.push(`\tLink partner advertised auto-negotiation: ${modes.peer.includes('Autoneg') ? 'Yes' : 'No'}`);
      lines.push(`\tLink partner advertised FEC modes: ${fecList(modes.peer)}`);
    }
    lines.push(`\tSpeed: ${modes.speed === undefined ? 'Unknown!' : `${modes.speed}Mb/s`}`);
    if (modes.lanes !== undefined) lines.push(`\tLanes: ${modes.lanes}`);
    // rtnl names half and full; anything else is DUPLEX_UNKNOWN (0xff), which ethtool prints with its number.
    if (modes.duplex !== undefined) lines.push(`\tDuplex: ${modes.duplex === 'half' ? 'Half' : modes.duplex === 'full' ? 'Full' : 'Unknown! (255)'}`);
    if (modes.autoneg !== undefined) lines.push(`\tAuto-negotiation: ${modes.autoneg ? 'on' : 'off'}`);
  }
  const info = s.linkInfo;
  if (info !== undefined) {
    if (info.port !== undefined) lines.push(`\tPort: ${PORT_WORDS.get(info.port) ?? `Unknown! (${info.port})`}`);
    if (info.phyaddr !== undefined) lines.push(`\tPHYAD: ${info.phyaddr}`);
    if (info.transceiver !== undefined) lines.push(`\tTransceiver: ${TRANSCEIVER_WORDS.get(info.transceiver) ?? 'Unknown!'}`);
    if (info.port === PORT_TP && info.tpMdix !== undefined) {
      let mdix = MDIX_WORDS.get(info.tpMdix) ?? 'Unknown';
      if (info.tpMdixCtrl === ETH_TP_MDI_AUTO) mdix += ' (auto)';
      else if (MDIX_WORDS.has(info.tpMdixCtrl ?? 0)) mdix += ' (forced)';
      lines.push(`\tMDI-X: ${mdix}`);
    }
  }
  if (s.linkState?.link !== undefined) lines.push(`\tLink detected: ${s.linkState.link ? 'yes' : 'no'}`);
  return `${lines.join('\n')}\n`;
}
