export { FamilyClient, type DumpCallOptions, type RequestCallOptions } from './client.js';
export { checkListOptions, requestOptions, type CallOptions, type ListOptions } from './options.js';
export { decodeChunk, type ChunkReader, type PayloadDecoder } from './decode-chunk.js';
export { resolveMessageType, type MessageTypeRef } from './message-type.js';
