/**
 * @linx/nfnl/protocol: nfnetlink's messages themselves, a second tier for those who send or decode raw
 * messages rather than use the verbs. The declarations generated from the kernel's YNL specs
 * (`nftables`, `conntrackSpec`); the nfnetlink header (`nfgenmsg`, `NFGENMSG_LENGTH`, `familyValues`);
 * subsystem ids, multicast groups and message types (`subsystemValues`, `nfnlGroupValues`,
 * `messageType`, `subsystemOf`, `NFNL_MSG_BATCH_BEGIN`/`END`, `NFNL_BATCH_GENID`, `NFNETLINK_V0`); and
 * batches on a connection of one's own (`sendBatch`, `BatchTransport`). linx's completed nftables
 * declarations are `nft.messages` in the main entry point.
 */
export { sendBatch, type BatchMessage, type BatchOptions } from './batch.js';
export { BatchTransport } from './batch-transport.js';
export { nfgenmsg, familyValues, NFGENMSG_LENGTH, type Family } from './nfgenmsg.js';
export * from './subsystem.js';
export * as nftables from './nftables/generated/nftables.js';
export * as conntrackSpec from './conntrack/generated/conntrack.js';
