export * from './nexthops.js';
