import { checkInteger } from '../../shared/arguments.js';
import { ethPValues, mirredEactionValues, tcU32FlagsValues, tcActGotoChain, tcActExtValMask, tcActValues, tcHIngress, tcHMinEgress, tcHMinIngress } from '../../generated/tc.js';

// tc's words for kernel numbers. The numbers themselves are generated (tools/ynl-gen/src/fixes.ts adds
// what tc.yaml lacks, each naming its header; the kernel-header test checks them); only tc's names are here.

/** Ethernet protocols by `tc`'s names (ETH_P_* of linux/if_ether.h); `all` is ETH_P_ALL. */
export const ETH_PROTOCOLS: Readonly<Record<string, number>> = {
  all: ethPValues.all,
  ip: ethPValues.ip,
  arp: ethPValues.arp,
  ipv6: ethPValues.ipv6,
  '802.1q': ethPValues['8021q'],
  '802.1ad': ethPValues['8021ad'],
  mpls_uc: ethPValues['mpls-uc'],
  mpls_mc: ethPValues['mpls-mc'],
};

/** TC_ACT_* by `tc`'s names (`pass` is TC_ACT_OK, `drop` TC_ACT_SHOT, `continue` TC_ACT_UNSPEC). */
export const TC_ACT: Readonly<Record<string, number>> = {
  continue: tcActValues.unspec,
  ok: tcActValues.ok,
  pass: tcActValues.ok,
  reclassify: tcActValues.reclassify,
  drop: tcActValues.shot,
  shot: tcActValues.shot,
  pipe: tcActValues.pipe,
  stolen: tcActValues.stolen,
  queued: tcActValues.queued,
  repeat: tcActValues.repeat,
  redirect: tcActValues.redirect,
  trap: tcActValues.trap,
};

/** A chain index: the kernel takes up to TC_ACT_EXT_VAL_MASK (tc_new_tfilter: "Specified chain index exceeds upper limit"). */
export function checkChain(value: unknown, argument: string): number {
  return checkInteger(value, argument, 0, tcActExtValMask);
}

/** TC_ACT_GOTO_CHAIN: the chain number is in the low 28 bits (TC_ACT_EXT_VAL_MASK), the opcode above. */
export const TC_ACT_GOTO_CHAIN = tcActGotoChain;
export const TC_ACT_EXT_MASK = ~tcActExtValMask >>> 0;

/** mirred's directions and verbs by `tc`'s words (TCA_{EGRESS,INGRESS}_{REDIR,MIRROR}). */
export const MIRRED_ACTIONS = {
  'egress redirect': mirredEactionValues['egress-redir'],
  'egress mirror': mirredEactionValues['egress-mirror'],
  'ingress redirect': mirredEactionValues['ingress-redir'],
  'ingress mirror': mirredEactionValues['ingress-mirror'],
} as const;

/** TC_U32_TERMINAL: a selector that classifies (tc sets it with a flowid or actions). */
export const TC_U32_TERMINAL = tcU32FlagsValues.terminal;

/** clsact's two filter parents: TC_H_CLSACT's major with TC_H_MIN_INGRESS or TC_H_MIN_EGRESS. */
export const TC_H_CLSACT_INGRESS = ((tcHIngress & 0xffff_0000) | tcHMinIngress) >>> 0;
export const TC_H_CLSACT_EGRESS = ((tcHIngress & 0xffff_0000) | tcHMinEgress) >>> 0;

export { tcaBpfFlagActDirect as TCA_BPF_FLAG_ACT_DIRECT, tcmIfindexMagicBlock as TCM_IFINDEX_MAGIC_BLOCK } from '../../generated/tc.js';
