/**
 * @linx/cli: the `linx` command (`ip`-style link, addr, route, neigh, rule, monitor; `tc qdisc show`). The entry point is the bin;
 * this module exports what embeds it: `main(argv)` (resolves with the exit code), the exit codes, the
 * option parser, the error classes and the `ip -j` shapes.
 */
export { main, type Streams } from './main.js';
export { EXIT } from './exit-codes.js';
export { parseCommandLine, type CommandLine, type GlobalOptions } from './options.js';
export { UsageError, NoSuchNamespaceError } from './errors.js';
export {
  linkToIp,
  addressToIp,
  routeToIp,
  neighbourToIp,
  ruleToIp,
  qdiscToTc,
  type IpObject,
  type LinkShapeOptions,
  type RouteShapeOptions,
  type QdiscLike,
} from './output/ip-json.js';
