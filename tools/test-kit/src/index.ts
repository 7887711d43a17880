export * from './run.js';
export * from './netns.js';
export * from './strace.js';
