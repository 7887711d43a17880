/**
 * @linx/genl/nl80211: wireless interfaces, wiphys (bands, channels, cipher suites) and scan results with
 * their information elements parsed (SSID, rates, channel, TIM, RSN, HT/VHT operation), through nl80211;
 * the declarations generated from the kernel's nl80211.yaml as `declarations`.
 */
export { nl80211, Nl80211, Nl80211NoSuchDeviceError, wiphysFromDump, scanResultOf, type WirelessInterface, type Wiphy, type WiphyBand, type WiphyFrequency, type ScanResult } from './nl80211.js';
export { parseInformationElements, parseRsn, ELEMENT, type InformationElements, type Rsn, type Rate, type HtOperation, type VhtOperation } from './ie.js';
export { NoSuchInterfaceError } from '../interface.js';
export * as declarations from './generated/nl80211.js';
