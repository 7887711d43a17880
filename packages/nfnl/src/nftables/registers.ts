import { u32 } from '@linx/netlink-codec';

/**
 * An nf_tables register (enum nft_registers, u32 in network order): 0 the verdict register, 1–4 the
 * 16-byte registers NFT_REG_1…4, 8–23 the 4-byte registers NFT_REG32_00…15 (what nft uses today).
 */
export const register = () => u32({ order: 'big' });

/** NFT_REG_VERDICT. */
export const NFT_REG_VERDICT = 0;
/** NFT_REG_1 … NFT_REG_4: 16-byte registers. */
export const NFT_REG_1 = 1;
/** NFT_REG32_00: the first 4-byte register (NFT_REG32_00 + n, n < 16). */
export const NFT_REG32_00 = 8;
