import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** A namespace made for a benchmark; `remove()` deletes it. Names start with "bench-linx-". */
export interface BenchNetns {
  name: string;
  path: string;
  batch(commands: string[]): void;
  remove(): void;
}

/** Why the kernel benchmarks cannot run here, or undefined. */
export function kernelBenchSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (they create a network namespace)';
  if (spawnSync('ip', ['-V'], { stdio: 'ignore' }).status !== 0) return 'iproute2 is not installed';
  return undefined;
}

/** Namespaces not yet removed: one 'exit' listener removes them all (a whole run makes more than ten). */
const live = new Set<string>();
process.once('exit', () => {
  for (const name of live) spawnSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
});

export function createBenchNetns(): BenchNetns {
  const name = `bench-linx-${randomBytes(3).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', name]);
  live.add(name);
  const remove = () => {
    live.delete(name);
    spawnSync('ip', ['netns', 'delete', name], { stdio: 'ignore' });
  };
  return {
    name,
    path: `/run/netns/${name}`,
    batch: (commands) => execFileSync('ip', ['-n', name, '-batch', '-'], { input: `${commands.join('\n')}\n`, maxBuffer: 1 << 30 }),
    remove,
  };
}

/** A netns with a veth and `count` IPv4 /32 routes in the main table (≈ a full BGP-sized table). */
export function routeNetns(count: number): BenchNetns {
  const ns = createBenchNetns();
  const lines = ['link add r0 type veth peer name r1', 'link set r0 up', 'link set r1 up', 'addr add 172.31.0.1/16 dev r0'];
  for (let i = 0; i < count; i++) lines.push(`route add 10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}/32 via 172.31.0.2`);
  ns.batch(lines);
  return ns;
}
