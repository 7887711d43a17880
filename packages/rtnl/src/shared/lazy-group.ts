/**
 * A verb group whose code is loaded on its first call. Importing @linx/rtnl compiles every module the entry
 * point reaches, and V8's compile time grows faster than the code's size: tc, bridge and nexthops were
 * about half of the bundle and most programs never call them. A lazy group is a small class of the same
 * name whose methods import the real class's module (a chunk of its own in the bundle), make the real
 * object with the constructor's arguments once, and forward to it.
 *
 * Every method of such a group returns a promise or an async generator, so waiting for the module changes
 * nothing a caller sees: errors still reject (or throw from the generator's first `next()`), and the
 * shell's `name`, `instanceof` and the methods' types are the real class's. test/lazy-groups.test.ts checks
 * that each shell has every method its real class has.
 */

// The real object of each shell, made on first call; keyed by the shell so that it stays private.
const realObjects = new WeakMap<object, Promise<object>>();
const constructorArgs = new WeakMap<object, unknown[]>();

/** What a lazy group needs: how to load its real class, and its methods by kind of result. */
export interface LazyGroupSpec {
  /** The class's name, as the real class has it (`Qdiscs`). */
  name: string;
  /** Imports the module that holds the real class and returns the class. */
  load: () => Promise<new (...args: never[]) => object>;
  /** Methods that return a promise. */
  calls: readonly string[];
  /** Methods that are async generators (`stream`). */
  streams?: readonly string[];
}

/**
 * The shell class of a verb group, typed as the real class `C` (the type argument; pass `typeof Real` from
 * an `import type`, so that the real module is not imported here).
 */
export function lazyGroup<C extends abstract new (...args: never[]) => object>(spec: LazyGroupSpec): C {
  const { load } = spec;
  const real = (shell: object): Promise<Record<string, (...args: unknown[]) => unknown>> => {
    let made = realObjects.get(shell);
    if (made === undefined) {
      made = load().then((Real) => new Real(...(constructorArgs.get(shell) as never[])));
      realObjects.set(shell, made);
    }
    return made as Promise<Record<string, (...args: unknown[]) => unknown>>;
  };
  const Shell = class {
    constructor(...args: unknown[]) {
      constructorArgs.set(this, args);
    }
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
