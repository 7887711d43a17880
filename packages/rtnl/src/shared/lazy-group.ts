import type { FamilyClient } from '@linx/netlink-client';

/**
 * A verb group whose code is loaded on its first call. Most of what importing @linx/rtnl costs is V8
 * compiling the code the entry point reaches (and running its declarations); the tc, bridge and nexthop
 * verbs were about a quarter of it, and most programs never call them. A lazy group is a small class of the same
 * name whose methods import the real class's module (a chunk of its own in the bundle), make the real
 * object with the same FamilyClient once, and forward to it.
 *
 * Every method of such a group returns a promise or an async generator, so waiting for the module changes
 * nothing a caller sees: errors still reject (or throw from the generator's first `next()`), and the
 * shell's `name`, its `client`, `instanceof` and the methods' types are the real class's.
 * test/lazy-groups.test.ts checks that each shell has every method and own property its real class has.
 */

// The real object of each shell, made on first call; keyed by the shell so that it stays private.
const realObjects = new WeakMap<object, Promise<object>>();

/** What a lazy group needs: how to load its real class, and its methods by kind of result. */
export interface LazyGroupSpec {
  /** The class's name, as the real class has it (`Qdiscs`). */
  name: string;
  /** Imports the module that holds the real class and returns the class. */
  load: () => Promise<new (client: FamilyClient) => object>;
  /** Methods that return a promise. */
  calls: readonly string[];
  /** Methods that are async generators (`stream`). */
  streams?: readonly string[];
}

/**
 * The shell class of a verb group, typed as the real class `C` (the type argument; pass `typeof Real` from
 * an `import type`, so that the real module is not imported here).
 */
export function lazyGroup<C extends abstract new (client: FamilyClient) => object>(spec: LazyGroupSpec): C {
  const { load } = spec;
  const real = (shell: object): Promise<Record<string, (...args: unknown[]) => unknown>> => {
    let made = realObjects.get(shell);
    if (made === undefined) {
      made = load().then((Real) => new Real((shell as { client: FamilyClient }).client));
      realObjects.set(shell, made);
    }
    return made as Promise<Record<string, (...args: unknown[]) => unknown>>;
  };
  // Made with the handle's FamilyClient and keeping it as `client`, as every verb group is.
  const Shell = class {
    constructor(protected readonly client: FamilyClient) {}
  };
  Object.defineProperty(Shell, 'name', { value: spec.name, configurable: true });
  const methods: PropertyDescriptorMap = {};
  for (const name of spec.calls) {
    methods[name] = {
      value: async function (this: object, ...args: unknown[]) {
        return (await real(this))[name]!(...args);
      },
      writable: true,
      configurable: true,
    };
  }
  for (const name of spec.streams ?? []) {
    methods[name] = {
      value: async function* (this: object, ...args: unknown[]) {
        yield* (await real(this))[name]!(...args) as AsyncIterable<unknown>;
      },
      writable: true,
      configurable: true,
    };
  }
  for (const [name, descriptor] of Object.entries(methods)) Object.defineProperty(descriptor.value, 'name', { value: name });
  Object.defineProperties(Shell.prototype, methods);
  return Shell as unknown as C;
}
