export { NetconfVerbs, NETCONF_ALL, NETCONF_DEFAULT, RP_FILTER_MODES, type Netconf, type NetconfFilter, type NetconfInterface, type RpFilterMode } from './netconf.js';
