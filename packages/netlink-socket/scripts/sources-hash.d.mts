/** The sha256 (hex) of native/* (binding.gyp and the code) and the node-addon-api version under `root`. */
export function sourcesHash(root: string): string;
