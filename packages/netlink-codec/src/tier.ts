/**
 * How many calls a generated function waits for: an attribute set's loop decodes its first
 * GENERATE_AFTER objects interpreted, and a struct's straight-line decoder or encoder serves from the
 * call after its first GENERATE_AFTER. Generated code is fastest per object, but each function costs a
 * parse, a warm-up in V8's interpreter and a compile on a background thread before it pays, and a short
 * program never gets there: `linx addr` decodes a few objects of each of ~40 sets, and the first
 * `rules.list()` of a big ruleset spent ~175 ms of CPU compiling the generated decoders of sets it used a
 * handful of times. The interpreted loop is one function for every set, warm after the first few
 * objects of any of them. A set decoded more than this, where speed counts, switches to generated code
 * early in the run. Chosen by measurement (see the changeset of the tiering).
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
