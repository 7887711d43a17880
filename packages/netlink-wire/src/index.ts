export * from './align.js';
export * from './endian.js';
export * from './errors.js';
export * from './message.js';
