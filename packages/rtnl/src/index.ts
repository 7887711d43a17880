/**
 * @linx/rtnl: rtnetlink for TypeScript (being built). For now it holds the message formats generated from
 * the kernel's YNL specs, one namespace per spec, since the specs share names (`family`, `rtgenmsg`,
 * `rtmTypeValues`, `mcastGroups` …): `rtLink.linkMessage`, `rtAddr.addrMessage`, `rtRoute.routeMessage`,
 * `rtNeigh.neighbourMessage`, `rtRule.fibRuleMessage`.
 */
export * as rtLink from './generated/rt-link.js';
export * as rtAddr from './generated/rt-addr.js';
export * as rtRoute from './generated/rt-route.js';
export * as rtNeigh from './generated/rt-neigh.js';
export * as rtRule from './generated/rt-rule.js';
