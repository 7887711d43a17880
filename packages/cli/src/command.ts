// What the `linx` command runs. scripts/bundle.mjs makes dist/command.cjs of it: this package's code and
// the @linx packages it uses in one CommonJS file, which bin.ts runs through V8's code cache.
export { main } from './main.js';
