/**
 * IEEE 802.11 information elements, as a BSS's beacon or probe response carries them (NL80211_BSS_
 * INFORMATION_ELEMENTS, _BEACON_IES): a list of (element id, length, body). The elements a scan usually
 * needs are parsed: SSID, supported and extended rates, DS parameter set (the channel), TIM, RSN, HT and
 * VHT operation; every element is also kept raw, in order. Ids and layouts are IEEE Std 802.11-2020, 9.4.2.
 */

/** Element ids (IEEE 802.11-2020 Table 9-92). */
export const ELEMENT = { ssid: 0, supportedRates: 1, dsParameterSet: 3, tim: 5, rsn: 48, extendedSupportedRates: 50, htOperation: 61, vhtOperation: 192, vendorSpecific: 221 } as const;

/** Cipher suites of the 00-0F-AC OUI (IEEE 802.11-2020 Table 9-149), named as `iw` names them. */
const CIPHERS: Record<number, string> = { 0: 'Use group cipher suite', 1: 'WEP-40', 2: 'TKIP', 4: 'CCMP', 5: 'WEP-104', 6: 'AES-128-CMAC', 7: 'NO-GROUP', 8: 'GCMP-128', 9: 'GCMP-256', 10: 'CCMP-256', 11: 'BIP-GMAC-128', 12: 'BIP-GMAC-256', 13: 'BIP-CMAC-256' };
/** AKM suites of the 00-0F-AC OUI (Table 9-151), named as `iw` names them. */
const AKMS: Record<number, string> = { 1: 'IEEE 802.1X', 2: 'PSK', 3: 'FT/IEEE 802.1X', 4: 'FT/PSK', 5: 'IEEE 802.1X/SHA-256', 6: 'PSK/SHA-256', 7: 'TDLS/TPK', 8: 'SAE', 9: 'FT/SAE', 11: 'IEEE 802.1X/SUITE-B', 12: 'IEEE 802.1X/SUITE-B-192', 13: 'FT/IEEE 802.1X/SHA-384', 14: 'FILS/SHA-256', 15: 'FILS/SHA-384', 16: 'FT/FILS/SHA-256', 17: 'FT/FILS/SHA-384', 18: 'OWE' };

const suiteName = (table: Record<number, string>, b: Uint8Array, at: number): string => {
  const oui = (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!;
  const type = b[at + 3]!;
  return oui === 0x000fac && table[type] !== undefined ? table[type]! : `${[b[at], b[at + 1], b[at + 2]].map((x) => x!.toString(16).padStart(2, '0')).join('-')}:${type}`;
};

/** The RSN element (9.4.2.24): ciphers and AKMs by name, the capabilities field; what is absent stays absent. */
export interface Rsn {
  version: number;
  groupCipher?: string;
  pairwiseCiphers: string[];
  akmSuites: string[];
  capabilities?: number;
  pmkids?: Uint8Array[];
  groupManagementCipher?: string;
}

export interface HtOperation {
  primaryChannel: number;
  /** 0 none, 1 above, 3 below (the secondary channel offset field). */
  secondaryChannelOffset: number;
  /** STA channel width: 0 = 20 MHz, 1 = any. */
  staChannelWidth: number;
}

export interface VhtOperation {
  /** 0 = 20/40 MHz, 1 = 80 MHz (or 160/80+80 by the segments), 2 = 160, 3 = 80+80. */
  channelWidth: number;
  centerFreqSeg0: number;
  centerFreqSeg1: number;
  basicMcsSet: number;
}

/** One rate: Mb/s, and whether it is basic (required). */
export interface Rate {
  mbps: number;
  basic: boolean;
}

export interface InformationElements {
  /** The SSID's bytes as text (UTF-8 where it is; an SSID is any 0–32 bytes: `ssidBytes` has them). */
  ssid?: string;
  ssidBytes?: Uint8Array;
  supportedRates?: Rate[];
  extendedSupportedRates?: Rate[];
  /** The DS parameter set's current channel. */
  channel?: number;
  tim?: { dtimCount: number; dtimPeriod: number; bitmapControl: number; bitmap: Uint8Array };
  rsn?: Rsn;
  htOperation?: HtOperation;
  vhtOperation?: VhtOperation;
  /** Vendor-specific elements' bodies (OUI first). */
  vendor: Uint8Array[];
  /** Every element, in order. */
  elements: { id: number; data: Uint8Array }[];
}

const rates = (d: Uint8Array): Rate[] => [...d].map((b) => ({ mbps: (b & 0x7f) / 2, basic: (b & 0x80) !== 0 }));

export function parseRsn(d: Uint8Array): Rsn | undefined {
  if (d.length < 2) return undefined;
  const rsn: Rsn = { version: d[0]! | (d[1]! << 8), pairwiseCiphers: [], akmSuites: [] };
  let at = 2;
  if (at + 4 > d.length) return rsn;
  rsn.groupCipher = suiteName(CIPHERS, d, at);
  at += 4;
  for (const [list, table] of [[rsn.pairwiseCiphers, CIPHERS], [rsn.akmSuites, AKMS]] as const) {
    if (at + 2 > d.length) return rsn;
    const count = d[at]! | (d[at + 1]! << 8);
    at += 2;
    for (let i = 0; i < count && at + 4 <= d.length; i++, at += 4) list.push(suiteName(table, d, at));
  }
  if (at + 2 > d.length) return rsn;
  rsn.capabilities = d[at]! | (d[at + 1]! << 8);
  at += 2;
  if (at + 2 > d.length) return rsn;
  const pmkids = d[at]! | (d[at + 1]! << 8);
  at += 2;
  rsn.pmkids = [];
  for (let i = 0; i < pmkids && at + 16 <= d.length; i++, at += 16) rsn.pmkids.push(d.slice(at, at + 16));
  if (at + 4 <= d.length) rsn.groupManagementCipher = suiteName(CIPHERS, d, at);
  return rsn;
}

/** Parses a run of information elements; a truncated last element ends the list. */
export function parseInformationElements(bytes: Uint8Array): InformationElements {
  const out: InformationElements = { vendor: [], elements: [] };
  for (let at = 0; at + 2 <= bytes.length; ) {
    const id = bytes[at]!;
    const len = bytes[at + 1]!;
    if (at + 2 + len > bytes.length) break;
    const d = bytes.subarray(at + 2, at + 2 + len);
    out.elements.push({ id, data: d.slice() });
    at += 2 + len;
    switch (id) {
      case ELEMENT.ssid:
        out.ssidBytes = d.slice();
        out.ssid = new TextDecoder().decode(d);
        break;
      case ELEMENT.supportedRates:
        out.supportedRates = rates(d);
        break;
      case ELEMENT.extendedSupportedRates:
        out.extendedSupportedRates = rates(d);
        break;
      case ELEMENT.dsParameterSet:
        if (len >= 1) out.channel = d[0]!;
        break;
      case ELEMENT.tim:
        if (len >= 3) out.tim = { dtimCount: d[0]!, dtimPeriod: d[1]!, bitmapControl: d[2]!, bitmap: d.slice(3) };
        break;
      case ELEMENT.rsn: {
        const rsn = parseRsn(d);
        if (rsn !== undefined) out.rsn = rsn;
        break;
      }
      case ELEMENT.htOperation:
        if (len >= 2) out.htOperation = { primaryChannel: d[0]!, secondaryChannelOffset: d[1]! & 0x3, staChannelWidth: (d[1]! >> 2) & 1 };
        break;
      case ELEMENT.vhtOperation:
        if (len >= 5) out.vhtOperation = { channelWidth: d[0]!, centerFreqSeg0: d[1]!, centerFreqSeg1: d[2]!, basicMcsSet: d[3]! | (d[4]! << 8) };
        break;
      case ELEMENT.vendorSpecific:
        out.vendor.push(d.slice());
        break;
    }
  }
  return out;
}
