/**
 * @linx/genl/spec: a generic netlink family the user has a YNL spec for, loaded at run time into a spec
 * for `genlClient` (typed loosely: names are known only at run time) by the same generator that makes the
 * shipped families. Brings the `yaml` parser; the other entry points do not load it.
 *
 *     const spec = loadGenlSpec('/usr/src/linux/Documentation/netlink/specs/netdev.yaml');
 *     const netdev = genlClient(open(), spec);
 *     console.log(await netdev.dump('dev-get'));
 */
export { loadGenlSpec, parseGenlSpec, type LoadSpecOptions, type LoadedGenlSpec } from './load.js';
export { readGeneratedModule } from './module-reader.js';
export { SpecLoadError } from './errors.js';
