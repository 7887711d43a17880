import { createRequire } from 'node:module';

/** The npm `netlink` package (0.3.x), loaded for comparison when it is installed. */
export interface NpmNetlink {
  parseMessages(buffer: Buffer): { data: Buffer }[];
  rt: { parseRouteMessage(buffer: Buffer): { attrs: Record<string, unknown> } };
}

export function loadNpmNetlink(): NpmNetlink | undefined {
  try {
    return createRequire(import.meta.url)('netlink') as NpmNetlink;
  } catch (error) {
    console.log(`  (npm netlink not available: ${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
}
