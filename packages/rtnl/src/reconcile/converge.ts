import { AbortError } from '@linx/netlink-socket';
import { InvalidArgumentError, checkInteger } from '../shared/arguments.js';
import type { Monitor } from '../monitor/monitor.js';
import type { Rtnl } from '../rtnl.js';
import { apply, type ApplyResult } from './apply.js';
import { observe } from './observe.js';
import { plan } from './plan.js';
import type { DesiredState, Ownership, PlanOptions } from './types.js';

/** Options of `converge`. */
export interface ConvergeOptions extends PlanOptions {
  /** Milliseconds between passes when nothing changes (30000 by default): drift no notification told of is healed by then. */
  interval?: number;
  /** Milliseconds to wait after a change notification for the ones that come with it, before a pass (100 by default). */
  settle?: number;
  /** Stops converging: the pass under way finishes its current step, and `converge` resolves. */
  signal?: AbortSignal;
  /** Called after each pass. A throw stops converging, and `converge` rejects with it. */
  onPass?: (pass: ConvergePass) => void;
  /** Per request, as the verbs take it. */
  timeout?: number;
}

/** One pass: observe, plan, apply. */
export interface ConvergePass {
  /** 1 for the first. */
  number: number;
  /** What started it: the start, the interval, or a change notification (or an overrun of them). */
  reason: 'start' | 'interval' | 'change';
  /** What apply did (`result.plan.steps` is empty when nothing had drifted). */
  result?: ApplyResult;
  /** Observing or applying failed as a whole (the socket, a timeout): the next pass tries again. */
  error?: Error;
  /** How long the pass took, in milliseconds. */
  duration: number;
}

/** What `converge` leaves when it stops. */
export interface ConvergeSummary {
  passes: number;
  /** The ownership record after the last pass: keep it for the next `plan` or `converge`. */
  ownership: Ownership;
}

const CONVERGE_KEYS = new Set(['protocol', 'owned', 'interval', 'settle', 'signal', 'onPass', 'timeout']);

/**
 * Keeps the handle's namespace converged on `desired` until `options.signal` fires: a pass (observe,
 * plan, apply with `onFailure: 'continue'`) at the start, then after every change notification
 * (`rtnl.monitor()`: the latency layer) and at least every `interval` (the correctness layer: whatever
 * changed unannounced, or while a pass ran, is healed by the next). Passes never overlap. Resolves with the
 * ownership record when stopped; bad desired input throws `InvalidArgumentError`, and a signal aborted
 * already `AbortError`, before anything changes.
 *
 *     const controller = new AbortController();
 *     const done = converge(rtnl, desired, { protocol: 200, signal: controller.signal, onPass: (p) => log(p) });
 *     …
 *     controller.abort();
 *     const { ownership } = await done;
 */
export async function converge(rtnl: Rtnl, desired: DesiredState, options: ConvergeOptions): Promise<ConvergeSummary> {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('options', 'expected { protocol, owned, interval, signal, onPass }');
  for (const key of Object.keys(options)) if (!CONVERGE_KEYS.has(key)) throw new InvalidArgumentError(`options.${key}`, `unknown option; expected ${[...CONVERGE_KEYS].join(', ')}`);
  const interval = options.interval === undefined ? 30_000 : checkInteger(options.interval, 'options.interval', 1, 2 ** 31 - 1);
  const settle = options.settle === undefined ? 100 : checkInteger(options.settle, 'options.settle', 0, 2 ** 31 - 1);
  if (options.onPass !== undefined && typeof options.onPass !== 'function') throw new InvalidArgumentError('options.onPass', 'expected a function');
  const { signal } = options;
  // The desired state is checked once, against nothing, so that bad input fails before anything is observed.
  plan(desired, { links: [], addresses: [], routes: [], neighbours: [], rules: [] }, { protocol: options.protocol, ...(options.owned ? { owned: options.owned } : {}) });
  let owned: Ownership = options.owned ?? { links: [], addresses: [], neighbours: [] };
  if (signal?.aborted) throw new AbortError(signal.reason);

  const call = { ...(options.timeout === undefined ? {} : { timeout: options.timeout }), ...(signal ? { signal } : {}) };
  const wake = new Wake(settle, signal);
  let monitor: Monitor | undefined;
  const follow = async () => {
    if (monitor && !monitor.closed) return;
    try {
      monitor = await rtnl.monitor({ names: false, ...(signal ? { signal } : {}) });
      const current = monitor;
      // Any change (or lost changes) is a reason to look again; what changed is read by the pass itself.
      current.on('event', () => wake.change());
      current.on('error', () => current.close());
    } catch {
      // Without notifications the interval still converges; the next pass tries to follow again.
      monitor = undefined;
    }
  };

  let passes = 0;
  let reason: ConvergePass['reason'] = 'start';
  try {
    while (!signal?.aborted) {
      await follow();
      if (signal?.aborted) break;
      const started = performance.now();
      const pass: ConvergePass = { number: ++passes, reason, duration: 0 };
      try {
        const observed = await observe(rtnl, call);
        const result = await apply(rtnl, plan(desired, observed, { protocol: options.protocol, owned }), { ...call, onFailure: 'continue' });
        owned = result.ownership;
        pass.result = result;
      } catch (error) {
        if (signal?.aborted) break;
        pass.error = error as Error;
      }
      pass.duration = performance.now() - started;
      options.onPass?.(pass);
      reason = await wake.wait(interval);
    }
  } finally {
    wake.dispose();
    monitor?.close();
  }
  return { passes, ownership: owned };
}

/**
 * Waits for the interval, a change notification (then `settle` more: changes come in bursts), or the
 * signal, whichever comes first. A change seen while a pass runs may be missing from what that pass
 * observed, so the next wait ends soon after it.
 */
class Wake {
  #resolve: ((reason: ConvergePass['reason']) => void) | undefined;
  #missed = false;
  #settling: ReturnType<typeof setTimeout> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #settle: number;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.#fire('interval');

  constructor(settle: number, signal: AbortSignal | undefined) {
    this.#settle = settle;
    this.#signal = signal;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  change(): void {
    if (!this.#resolve) {
      this.#missed = true;
      return;
    }
    this.#settling ??= setTimeout(() => this.#fire('change'), this.#settle);
  }

  wait(interval: number): Promise<ConvergePass['reason']> {
    return new Promise((resolve) => {
      this.#resolve = resolve;
      if (this.#signal?.aborted) return this.#fire('interval');
      this.#timer = setTimeout(() => this.#fire('interval'), interval);
      if (this.#missed) {
        this.#missed = false;
        this.change();
      }
    });
  }

  #fire(reason: ConvergePass['reason']): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#settling);
    this.#timer = this.#settling = undefined;
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.(reason);
  }

  dispose(): void {
    this.#fire('interval');
    this.#signal?.removeEventListener('abort', this.#onAbort);
  }
}
