/**
 * How many calls a generated function waits for: an attribute set's loop decodes its first
 * GENERATE_AFTER objects interpreted, and a struct's straight-line decoder or encoder serves from the
 * call after its first GENERATE_AFTER. Generated code is fastest per object, but each function costs a
 * parse, a warm-up in V8's interpreter and compiles before it pays, which a short program never gets
 * back: `linx addr` decodes a few objects each of the sets and structs of links and addresses. The
 * interpreted loop is one function's code for every set, warm after the first objects of any of them.
 * A set decoded more than this (any dump of size) switches to generated code early in it.
 *
 * Measured with callgrind (whole process, instructions): `linx addr` 225-235 M with code generated at
 * once, 197-206 M switching after 8, 32, 128 objects or never; the first `rules.list()` of 10,000
 * nftables rules (the whole process, import included) 3.02-3.05 G at once, 3.02 G after 32, 3.00 G after
 * 256, 3.28 G never: its sets see thousands of objects each, where generated code pays. 32 sits in the
 * flat part of both.
 */
export const GENERATE_AFTER: number = 32;

/** The calls a tiered function takes: at most six arguments (a decode loop's). */
type Tierable = (a: never, b: never, c: never, d: never, e: never, f: never) => unknown;

/**
 * `interpreted` for the first `after` calls, then the function `generate()` builds: handed to `install`
 * at the `after`-th call (which still runs interpreted), so the caller holding the function in a
 * variable calls the generated one directly from then on, with no counting left on its path. With
 * `after` 0 the generated function is built and returned at once (`install` is not called).
 */
export function tiered<F extends Tierable>(interpreted: F, generate: () => F, install: (generated: F) => void, after = GENERATE_AFTER): F {
  if (after <= 0) return generate();
  let left = after;
  const counting = function (a: never, b: never, c: never, d: never, e: never, f: never) {
    if (--left === 0) install(generate());
    return interpreted(a, b, c, d, e, f);
  };
  return counting as F;
}
