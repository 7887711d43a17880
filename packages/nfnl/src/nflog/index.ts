export { Nflog, type NflogBindOptions } from './nflog.js';
export { NflogGroup } from './group.js';
export type { GroupSettings } from './config.js';
export { loggedPacketFrom, type LoggedPacket } from './packet.js';
export * from './messages.js';
