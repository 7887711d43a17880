export { Nfqueue, type BindOptions } from './nfqueue.js';
export { NfQueue, type NfqueueVerdict, type VerdictOptions, type BatchVerdictOptions } from './queue.js';
export type { QueueSettings } from './config.js';
export { queuedPacketFrom, type QueuedPacket, type SkbInfo } from './packet.js';
export * from './messages.js';
