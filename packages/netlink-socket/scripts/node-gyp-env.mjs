// Where node-gyp finds Node's headers. node-gyp downloads them unless told otherwise; a machine without
// internet access (or one that simply has them) points it at the system copy: Debian's and NodeSource's
// Node.js packages install them under /usr/include/node, which `--nodedir=/usr` (or the environment
// variable npm_config_nodedir=/usr) names. An explicit npm_config_nodedir always wins.
import { existsSync } from 'node:fs';

export const SYSTEM_NODEDIR = '/usr';

/** The environment to run node-gyp with: `env` plus npm_config_nodedir=/usr when that has Node's headers. */
export function nodeGypEnv(env = process.env) {
  if (env.npm_config_nodedir || env.NPM_CONFIG_NODEDIR) return { ...env };
  if (!existsSync(`${SYSTEM_NODEDIR}/include/node/node.h`)) return { ...env };
  return { ...env, npm_config_nodedir: SYSTEM_NODEDIR };
}
