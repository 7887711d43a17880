/** The sha256 (hex) of binding.gyp, native/* and the node-addon-api version under `root`. */
export function sourcesHash(root: string): string;
