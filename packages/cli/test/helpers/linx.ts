// Runs the built `linx` binary (dist/bin.cjs, the package.json `bin`, built by the package's test script) as a user would.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/bin.cjs', import.meta.url));

export interface LinxResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** `linx …args`: its exit status and outputs. */
export function linx(...args: string[]): LinxResult {
  if (!existsSync(BIN)) throw new Error(`${BIN} is not built: run \`pnpm --filter @linx/cli build\` (the test script does)`);
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** `linx …args`, which must succeed: its stdout. */
export function linxOk(...args: string[]): string {
  const result = linx(...args);
  if (result.status !== 0) throw new Error(`linx ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** `linx -j …args`, parsed. */
export function linxJson<T = any>(...args: string[]): T {
  return JSON.parse(linxOk('-j', ...args)) as T;
}
