// Kernel facts the tc spec (tc.yaml) does not declare, each from the header that defines it.

/** Ethernet protocols by `tc`'s names (ETH_P_* of linux/if_ether.h); `all` is ETH_P_ALL. */
export const ETH_PROTOCOLS: Readonly<Record<string, number>> = {
  all: 0x0003,
  ip: 0x0800,
  arp: 0x0806,
  ipv6: 0x86dd,
  '802.1q': 0x8100,
  '802.1ad': 0x88a8,
  mpls_uc: 0x8847,
  mpls_mc: 0x8848,
};

/** TC_ACT_* of linux/pkt_cls.h by `tc`'s names (`pass` is TC_ACT_OK, `drop` TC_ACT_SHOT, `continue` TC_ACT_UNSPEC). */
export const TC_ACT: Readonly<Record<string, number>> = {
  continue: -1,
  ok: 0,
  pass: 0,
  reclassify: 1,
  drop: 2,
  shot: 2,
  pipe: 3,
  stolen: 4,
  queued: 5,
  repeat: 6,
  redirect: 7,
  trap: 8,
};

/** TC_ACT_GOTO_CHAIN of linux/pkt_cls.h (__TC_ACT_EXT(2)): the chain number is in the low 28 bits. */
export const TC_ACT_GOTO_CHAIN = 0x2000_0000;
export const TC_ACT_EXT_MASK = 0xf000_0000;

/** TCA_{EGRESS,INGRESS}_{REDIR,MIRROR} of linux/tc_act/tc_mirred.h. */
export const MIRRED_ACTIONS = { 'egress redirect': 1, 'egress mirror': 2, 'ingress redirect': 3, 'ingress mirror': 4 } as const;

/** TC_U32_TERMINAL of linux/pkt_cls.h: set by `tc` on every selector that classifies. */
export const TC_U32_TERMINAL = 1;

/** TCA_BPF_FLAG_ACT_DIRECT of linux/pkt_cls.h: the program's return value is the action (`da`). */
export const TCA_BPF_FLAG_ACT_DIRECT = 1;

/** TC_H_MIN_INGRESS and TC_H_MIN_EGRESS of linux/pkt_sched.h under TC_H_CLSACT: clsact's two filter parents. */
export const TC_H_CLSACT_INGRESS = 0xffff_fff2;
export const TC_H_CLSACT_EGRESS = 0xffff_fff3;

/** TCM_IFINDEX_MAGIC_BLOCK of linux/rtnetlink.h: tcm_ifindex of a request about a shared block (tcm_parent is the block index). */
export const TCM_IFINDEX_MAGIC_BLOCK = 0xffff_ffff;
