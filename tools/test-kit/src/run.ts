import { spawnSync } from 'node:child_process';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a command (no shell) with optional standard input; never throws. */
export function run(argv: readonly string[], input?: string): RunResult {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', input, timeout: 60_000, maxBuffer: 1 << 28 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : '') };
}

/** Runs a command and returns its stdout; throws with its stderr when it fails. */
export function runOrThrow(argv: readonly string[], input?: string): string {
  const r = run(argv, input);
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * Whether `command` is missing from PATH (`command -v` exits non-zero: 1 in bash, 127 in dash). A shell
 * that did not run to its exit (a spawn failing under load, a signal) throws instead: it says nothing about
 * the command, and a kernel test skipped as "not installed" for it would hide its failures behind a false
 * reason.
 */
export function isMissing(command: string): boolean {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8', timeout: 60_000 });
  if (r.status === null) throw new Error(`cannot tell whether \`${command}\` is installed: sh ${r.error ? String(r.error) : `ended by ${r.signal}`}`);
  return r.status !== 0;
}
