// A base chain's priority as nft prints it (by name within 10 of a standard one the hook allows), for the
// cases the whole-ruleset fixture does not hold: both ends of the ±10 window, names a hook does not allow,
// bridge's own names, netdev and arp. Expected text is what nft 1.0.6 printed (`nft list ruleset`) for these
// chains, loaded with `nft -f` in a throwaway network namespace:
//   table ip p { chain a { type filter hook input priority 10; } … }, and likewise for inet, ip6, bridge,
//   netdev (device lo) and arp.
import { describe, expect, it } from 'vitest';
import { nft, type Family } from '../src/index.js';

const NFT_PRINTED: [Family, string, number, string][] = [
  ['ip', 'input', 10, 'filter + 10'],
  ['ip', 'input', 11, '11'],
  ['ip', 'input', -10, 'filter - 10'],
  ['ip', 'input', -11, '-11'],
  ['ip', 'input', -140, 'mangle + 10'],
  ['ip', 'input', -160, 'mangle - 10'],
  ['ip', 'postrouting', 95, 'srcnat - 5'],
  ['ip', 'output', 100, '100'],
  ['ip', 'prerouting', -90, 'dstnat + 10'],
  ['ip', 'forward', -200, '-200'],
  ['ip', 'forward', 210, '210'],
  ['ip', 'forward', -300, 'raw'],
  ['ip', 'forward', -150, 'mangle'],
  ['inet', 'input', -100, '-100'],
  ['inet', 'input', 50, 'security'],
  ['inet', 'forward', 45, 'security - 5'],
  ['ip6', 'input', -295, 'raw + 5'],
  ['bridge', 'output', 100, 'out'],
  ['bridge', 'input', 300, '300'],
  ['bridge', 'prerouting', -300, 'dstnat'],
  ['bridge', 'forward', -300, '-300'],
  ['bridge', 'forward', -205, 'filter - 5'],
  ['bridge', 'input', 100, '100'],
  ['bridge', 'prerouting', -190, 'filter + 10'],
  ['bridge', 'postrouting', 300, 'srcnat'],
  ['bridge', 'input', 205, '205'],
  ['netdev', 'ingress', 5, 'filter + 5'],
  ['netdev', 'ingress', -100, '-100'],
  ['arp', 'input', 3, 'filter + 3'],
  // netdev and arp chains name only filter: the numbers ip would name (mangle, security, raw, srcnat) stay numbers.
  ['netdev', 'ingress', -150, '-150'],
  ['netdev', 'ingress', 50, '50'],
  ['arp', 'input', -300, '-300'],
  ['arp', 'output', 100, '100'],
];

describe('base chain priorities as nft prints them', () => {
  for (const [family, hook, priority, printed] of NFT_PRINTED) {
    it(`${family} ${hook} ${priority}: ${printed}`, () => {
      expect(nft.priorityText(family, hook, priority)).toBe(printed);
    });
  }
});
