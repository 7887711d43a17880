// What a link kind's handler is, and the helpers the kinds share to turn options into IFLA_INFO_DATA.
import { checkBoolean, checkUint } from './checks.js';
import type { NetnsAttrs } from './netns.js';

/** How a request builder names interfaces and namespaces: checked in a dry run, resolved when sent. */
export interface BuildContext {
  /** The index of an interface given by name or index. */
  index(ref: unknown, argument: string): number;
  /** The IFLA_NET_NS_FD / IFLA_NET_NS_PID attribute for a namespace target. */
  netns(target: unknown, argument: string): NetnsAttrs;
}

export type Data = Record<string, unknown>;

export interface KindHandler {
  /** The kind's own option names (`link` is a common option). */
  readonly keys: readonly string[];
  /** IFLA_LINK (the lower device) is required. */
  readonly needsLink?: boolean;
  /** Checks the kind's options and returns IFLA_INFO_DATA (undefined: none). */
  data(options: Record<string, unknown>, context: BuildContext, create: boolean): Data | undefined;
  /**
   * What `ip link add/set` sends for this kind although it was not asked for, added to the checked data
   * of a request (not to what reconcile compares: these are iproute2's habits, not the caller's wishes).
   */
  iproute2Defaults?(data: Data | undefined, options: Record<string, unknown>, create: boolean): Data | undefined;
  /**
   * Why `set` cannot change this kind's settings, where the kernel's changelink takes the whole set and
   * resets what is not given (ip_tunnel_changelink, ip6_tnl_changelink, ipgre_changelink, xfrmi_changelink
   * parse into zeroed parameters; iproute2 reads the link first and sends everything back).
   */
  readonly noChange?: string;
}

/** Copies `options[key]` through `check` into `out[name]` when it is set. */
export function put(out: Data, name: string, options: Record<string, unknown>, key: string, check: (value: unknown, argument: string) => unknown): void {
  if (options[key] !== undefined) out[name] = check(options[key], key);
}
export const flag01 = (value: unknown, argument: string) => (checkBoolean(value, argument) ? 1 : 0);
export const uint = (max: number, min = 0) => (value: unknown, argument: string) => checkUint(value, argument, max, min);
export const orNothing = (data: Data) => (Object.keys(data).length ? data : undefined);
