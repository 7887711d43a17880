/** conntrack (ctnetlink): the verbs, the entry shape, filters, events, and the message declarations. */
export * from './conntrack.js';
export * from './entry.js';
export { readEntry } from './entry-reader.js';
export * from './tuple.js';
export * from './filter.js';
export * from './events.js';
export * from './expectation.js';
export { labelNumbers, labelBytes, LABEL_MAX } from './labels.js';
export * as messages from './messages.js';
