// The nl80211 captures of fixtures/pyroute2 (real replies, from the pyroute2 project): their bytes, and
// pyroute2's own decode of them, as the files give them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root = fileURLToPath(new URL('.', import.meta.url));
while (!existsSync(join(root, 'pnpm-workspace.yaml')) && dirname(root) !== root) root = dirname(root);
const text = (name: string) => readFileSync(join(root, 'fixtures', 'pyroute2', name), 'utf8');

/** iw_info_rsp.dump: one NL80211_CMD_NEW_INTERFACE, and pyroute2's JSON decode of it. */
export function infoReply(): { bytes: Uint8Array; reference: { attrs: [string, unknown][]; cmd: number; version: number; header: { type: number } } } {
  const [hexLine, rest] = text('iw_info_rsp.dump').split('\n#: application/json\n') as [string, string];
  const bytes = Uint8Array.from(hexLine.trim().split('\\x').filter(Boolean), (h) => parseInt(h, 16));
  return { bytes, reference: JSON.parse(rest.slice(0, rest.lastIndexOf(']') + 1))[0] };
}

/** iw_scan_rsp.dump: four NL80211_CMD_NEW_SCAN_RESULTS messages, and pyroute2's decode of each (its Python text). */
export function scanReplies(): { samples: Uint8Array[]; reference: string[] } {
  const dump = text('iw_scan_rsp.dump');
  const [data = '', python = ''] = dump.split('# parsed data should match primes below');
  const samples = data
    .split(/^# sample \d+$/m)
    .slice(1)
    .map((block) => Uint8Array.from(block.split(/[\s:]+/).filter((h) => /^[0-9a-f]{2}$/.test(h)), (h) => parseInt(h, 16)));
  const reference = python.split(/'cmd': 34,/).slice(1);
  return { samples, reference };
}
