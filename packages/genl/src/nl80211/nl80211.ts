import type { AttrsValue } from '@linx/netlink-codec';
import type { CallOptions, ListOptions } from '@linx/netlink-client';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { LinxError, NetlinkError, NLM_F_DUMP } from '@linx/netlink-wire';
import type { Genl } from '../genl.js';
import { genlMessage } from '../header.js';
import { interfaceIndex } from '../interface.js';
import * as gen from './generated/nl80211.js';
import { parseInformationElements, type InformationElements } from './ie.js';

const message = genlMessage('nl80211', gen.nl80211Attrs);
type Attrs = AttrsValue<(typeof gen.nl80211Attrs)['attributes']>;
type Command = keyof typeof gen.commandsValues;

/**
 * genlmsghdr.version of requests: 0, what iw (libnl's genlmsg_put) sends; nl80211 reads no version, and
 * this keeps linx's requests byte for byte iw's.
 */
const REQUEST_VERSION = 0;

/** Interface types by number: the spec's supported-iftypes set numbers its attributes by enum nl80211_iftype. */
const IFTYPES = new Map<number, string>(Object.entries(gen.supportedIftypesAttrs.attributes).map(([name, a]) => [a.id, name]));

/** A cipher suite selector (OUI << 8 | type, as NL80211_ATTR_CIPHER_SUITES lists them) by the name iw prints. */
const CIPHER_SUITES: Record<number, string> = {
  0x000fac01: 'WEP40', 0x000fac02: 'TKIP', 0x000fac04: 'CCMP-128', 0x000fac05: 'WEP104', 0x000fac06: 'CMAC', 0x000fac08: 'GCMP-128',
  0x000fac09: 'GCMP-256', 0x000fac0a: 'CCMP-256', 0x000fac0b: 'GMAC-128', 0x000fac0c: 'GMAC-256', 0x000fac0d: 'CMAC-256',
};
const cipherName = (suite: number) => CIPHER_SUITES[suite] ?? `${(suite >>> 8).toString(16).padStart(6, '0').replace(/(..)(..)(..)/, '$1-$2-$3')}:${suite & 0xff}`;

/** No wireless interface or wiphy of that name or index (the kernel answered ENODEV, or the device is not 802.11). */
export class Nl80211NoSuchDeviceError extends LinxError {
  readonly device: string | number;

  constructor(device: string | number, options?: { cause?: unknown }) {
    super('ERR_LINX_NL80211_NO_SUCH_DEVICE', `nl80211: no wireless interface ${typeof device === 'string' ? `"${device}"` : `with index ${device}`} in this namespace`, options);
    this.device = device;
  }
}

/** A wireless interface (`iw dev`). */
export interface WirelessInterface {
  ifindex: number;
  ifname: string;
  wiphy: number;
  /** `station`, `ap`, `monitor`, `mesh-point`, … (the number where this version knows no name). */
  iftype: string | number;
  wdev: bigint;
  mac?: string;
  generation?: number;
  ssid?: string;
  /** MHz, and the channel's width and center (`iw dev` "channel … width … center1"). */
  frequency?: number;
  channelWidth?: number;
  centerFreq1?: number;
  /** Transmit power in mBm. */
  txPowerLevel?: number;
}

/** A channel of a band (`iw phy`'s "Frequencies"). */
export interface WiphyFrequency {
  mhz: number;
  disabled: boolean;
  noIr: boolean;
  radar: boolean;
  /** mBm. */
  maxTxPower?: number;
}

export interface WiphyBand {
  band: keyof (typeof gen.wiphyBandsAttrs)['attributes'];
  frequencies: WiphyFrequency[];
  /** Mb/s. */
  bitrates: number[];
  htCapa?: number;
  vhtCapa?: number;
}

/** A wireless device (`iw phy`). */
export interface Wiphy {
  wiphy: number;
  name: string;
  bands: WiphyBand[];
  /** The cipher suites it supports, named as iw names them (`CCMP-128`, `GCMP-256`, …). */
  cipherSuites: string[];
  supportedIftypes: string[];
}

/** A BSS from the last scan (`iw dev DEV scan dump`). */
export interface ScanResult {
  bssid: string;
  /** MHz. */
  frequency: number;
  tsf?: bigint;
  /** TUs. */
  beaconInterval?: number;
  capability?: number;
  /** dBm (NL80211_BSS_SIGNAL_MBM / 100). */
  signal?: number;
  seenMsAgo?: number;
  /** 0 authenticated, 1 associated, 2 IBSS joined, when so. */
  status?: number;
  /** The information elements (probe response or beacon), parsed. */
  ies: InformationElements;
  /** The beacon's, when the kernel has them apart. */
  beaconIes?: InformationElements;
}

function interfaceOf(a: Attrs): WirelessInterface {
  const iftype = a.iftype ?? 0;
  const out: WirelessInterface = { ifindex: a.ifindex ?? 0, ifname: a.ifname ?? '', wiphy: a.wiphy ?? 0, iftype: IFTYPES.get(iftype) ?? iftype, wdev: a.wdev ?? 0n };
  if (a.mac !== undefined) out.mac = a.mac;
  if (a.generation !== undefined) out.generation = a.generation;
  if (a.ssid !== undefined) out.ssid = new TextDecoder().decode(a.ssid);
  if (a.wiphyFreq !== undefined) out.frequency = a.wiphyFreq;
  if (a.channelWidth !== undefined) out.channelWidth = a.channelWidth;
  if (a.centerFreq1 !== undefined) out.centerFreq1 = a.centerFreq1;
  if (a.wiphyTxPowerLevel !== undefined) out.txPowerLevel = a.wiphyTxPowerLevel;
  return out;
}

/**
 * The messages of a (split) NL80211_CMD_GET_WIPHY dump as wiphys: the kernel sends one wiphy over several
 * messages (NL80211_ATTR_SPLIT_WIPHY_DUMP), each with some of its attributes, bands in pieces; they are
 * put back together by wiphy index.
 */
export function wiphysFromDump(messages: readonly Attrs[]): Wiphy[] {
  const byIndex = new Map<number, Wiphy>();
  for (const a of messages) {
    const index = a.wiphy ?? 0;
    let w = byIndex.get(index);
    if (w === undefined) byIndex.set(index, (w = { wiphy: index, name: '', bands: [], cipherSuites: [], supportedIftypes: [] }));
    if (a.wiphyName !== undefined) w.name = a.wiphyName;
    if (a.cipherSuites !== undefined) w.cipherSuites.push(...a.cipherSuites.map(cipherName));
    if (a.supportedIftypes !== undefined) w.supportedIftypes.push(...Object.keys(a.supportedIftypes).filter((k) => (a.supportedIftypes as Record<string, unknown>)[k] === true));
    for (const [name, band] of Object.entries(a.wiphyBands ?? {}) as [WiphyBand['band'], AttrsValue<(typeof gen.bandAttrs)['attributes']>][]) {
      let b = w.bands.find((x) => x.band === name);
      if (b === undefined) w.bands.push((b = { band: name, frequencies: [], bitrates: [] }));
      for (const f of band.freqs ?? []) {
        const freq: WiphyFrequency = { mhz: f.freq ?? 0, disabled: f.disabled === true, noIr: f.noIr === true, radar: f.radar === true };
        if (f.maxTxPower !== undefined) freq.maxTxPower = f.maxTxPower;
        b.frequencies.push(freq);
      }
      for (const r of band.rates ?? []) if (r.rate !== undefined) b.bitrates.push(r.rate / 10);
      if (band.htCapa !== undefined) b.htCapa = band.htCapa;
      if (band.vhtCapa !== undefined) b.vhtCapa = band.vhtCapa;
    }
  }
  return [...byIndex.values()];
}

/** A NL80211_CMD_NEW_SCAN_RESULTS message's BSS. */
export function scanResultOf(a: Attrs): ScanResult | undefined {
  const b = a.bss;
  if (b === undefined) return undefined;
  const out: ScanResult = { bssid: b.bssid ?? '', frequency: b.frequency ?? 0, ies: parseInformationElements(b.informationElements ?? new Uint8Array()) };
  if (b.tsf !== undefined) out.tsf = b.tsf;
  if (b.beaconInterval !== undefined) out.beaconInterval = b.beaconInterval;
  if (b.capability !== undefined) out.capability = b.capability;
  if (b.signalMbm !== undefined) out.signal = b.signalMbm / 100;
  if (b.seenMsAgo !== undefined) out.seenMsAgo = b.seenMsAgo;
  if (b.status !== undefined) out.status = b.status;
  if (b.beaconIes !== undefined) out.beaconIes = parseInformationElements(b.beaconIes);
  return out;
}

/**
 * nl80211, the kernel's 802.11 configuration interface (what `iw` uses): wireless interfaces, wiphys
 * (bands, channels, cipher suites, interface types) and the results of the last scan with their
 * information elements parsed.
 *
 *     const wifi = nl80211(open());
 *     for (const bss of await wifi.scanResults('wlan0')) console.log(bss.bssid, bss.ies.ssid, bss.signal, bss.ies.rsn?.akmSuites);
 */
export class Nl80211 {
  constructor(readonly genl: Genl) {}

  async #dump(cmd: Command, attrs: Attrs, device: string | number | undefined, options: ListOptions): Promise<Attrs[]> {
    const family = await this.genl.family(gen.family.name, options);
    try {
      const replies = await this.genl.client.dumpAll(message, family.id, { header: { cmd: gen.commandsValues[cmd], version: REQUEST_VERSION, reserved: 0 }, attrs }, { ...options, flags: NLM_F_DUMP });
      return replies.map((r) => r.attrs);
    } catch (error) {
      if (device !== undefined && error instanceof NetlinkError && (error.errnoName === 'ENODEV' || error.errnoName === 'EINVAL')) throw new Nl80211NoSuchDeviceError(device, { cause: error });
      throw error;
    }
  }

  async #ifindex(device: string | number, options: CallOptions): Promise<number> {
    if (typeof device === 'number') {
      if (!Number.isInteger(device) || device < 1 || device > 0xffffffff) throw new InvalidArgumentError('device', `${device} is not an interface index`);
      return device;
    }
    return interfaceIndex(this.genl, device, options);
  }

  /** Every wireless interface (NL80211_CMD_GET_INTERFACE dump; `iw dev`). */
  async interfaces(options: ListOptions = {}): Promise<WirelessInterface[]> {
    return (await this.#dump('get-interface', {}, undefined, options)).map(interfaceOf);
  }

  /** One wireless interface (NL80211_CMD_GET_INTERFACE; `iw dev DEV info`); `Nl80211NoSuchDeviceError` when it is not one. */
  async interface(device: string | number, options: CallOptions = {}): Promise<WirelessInterface> {
    const ifindex = await this.#ifindex(device, options);
    const family = await this.genl.family(gen.family.name, options);
    try {
      const [reply] = await this.genl.client.request(message, family.id, { header: { cmd: gen.commandsValues['get-interface'], version: REQUEST_VERSION, reserved: 0 }, attrs: { ifindex } }, 0, options);
      if (reply === undefined) throw new Nl80211NoSuchDeviceError(device);
      return interfaceOf(reply.attrs);
    } catch (error) {
      // ENODEV: no such interface; EINVAL/EOPNOTSUPP: an interface that is not a wireless one.
      if (error instanceof NetlinkError && ['ENODEV', 'EINVAL', 'EOPNOTSUPP'].includes(error.errnoName ?? '')) throw new Nl80211NoSuchDeviceError(device, { cause: error });
      throw error;
    }
  }

  /** The wiphys (NL80211_CMD_GET_WIPHY, a split dump; `iw phy`). */
  async wiphys(options: ListOptions = {}): Promise<Wiphy[]> {
    return wiphysFromDump(await this.#dump('get-wiphy', { splitWiphyDump: true }, undefined, options));
  }

  /** The BSSs the last scan of `device` found (NL80211_CMD_GET_SCAN dump; `iw dev DEV scan dump`). */
  async scanResults(device: string | number, options: ListOptions = {}): Promise<ScanResult[]> {
    const ifindex = await this.#ifindex(device, options);
    return (await this.#dump('get-scan', { ifindex }, device, options)).map(scanResultOf).filter((r): r is ScanResult => r !== undefined);
  }
}

/** nl80211 on a generic netlink handle. */
export function nl80211(genl: Genl): Nl80211 {
  return new Nl80211(genl);
}
