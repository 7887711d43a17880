/**
 * @linx/nfnl: nfnetlink for TypeScript (being built). For now it holds the nftables message formats
 * generated from the kernel's YNL spec, under the `nftables` namespace: `nftables.tableMessage`,
 * `nftables.chainMessage`, `nftables.ruleMessage`, `nftables.nfgenmsg` …
 */
export * as nftables from './nftables/generated/nftables.js';
