import { attr, attrset, be32, enumOf, u8 } from '@linx/netlink-codec';
import { register } from '../registers.js';

/** enum nft_xfrm_keys. */
export const xfrmKeysValues = { unspec: 0, 'daddr-ip4': 1, 'daddr-ip6': 2, 'saddr-ip4': 3, 'saddr-ip6': 4, reqid: 5, spi: 6 } as const;
/** The IPsec policy direction (XFRM_POLICY_IN, XFRM_POLICY_OUT). */
export const xfrmDirValues = { in: 0, out: 1 } as const;

/** `xfrm` (NFTA_XFRM_*): loads a property of the IPsec state at `spnum` in the packet's secure path, of `dir`, into `dreg`. */
export const xfrmAttrs = attrset('expr-xfrm-attrs', {
  dreg: attr(1, register()),
  key: attr(2, enumOf(be32(), xfrmKeysValues, 'xfrm-keys')),
  dir: attr(3, enumOf(u8(), xfrmDirValues, 'xfrm-dir')),
  spnum: attr(4, be32()),
});
