// nft -j's output, compared between two namespaces: handles are numbered in creation order (which
// differs between two ways of making the same ruleset), and metainfo names nft's version.

export type Json = Record<string, any>;

/** nft -j's objects without handles and metainfo. */
export function withoutHandles(json: { nftables: Json[] }): Json[] {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'handle').map(([k, v]) => [k, strip(v)]));
    return value;
  };
  return json.nftables.filter((o) => !('metainfo' in o)).map((o) => strip(o) as Json);
}
