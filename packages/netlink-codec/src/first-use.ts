/**
 * A codec compiled on first use, then kept: `const link = onFirstUse(() => compileMessage(linkMessage))`
 * at module level, `link().decodeAt(…)` where it is needed. Compiling every declaration a package holds
 * when it is imported shows in the start-up of a program that uses one of them (a command-line tool runs
 * for milliseconds); compiling when first needed costs the same once, and nothing for the unused ones.
 * The compile functions cache per declaration already; this saves their lookup on hot paths too.
 */
export function onFirstUse<T>(compile: () => T): () => T {
  let compiled: { value: T } | undefined;
  return () => (compiled ??= { value: compile() }).value;
}
