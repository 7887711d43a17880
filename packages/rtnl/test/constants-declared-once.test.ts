// Kernel numbers are declared once: message types and attribute ids in the generated declarations, core
// constants (NLM_F_*, AF_INET, …) in @linx/netlink-wire, names with numbers in shared/names.ts. A source
// file that declares one again as a literal (`const RTM_GETLINK = 18`) fails here, naming file and line.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;
/** C constant prefixes of the uapi headers rtnl speaks (netlink, rtnetlink, if_link, if_addr, neighbour, fib_rules, …). */
const KERNEL_NAME = /^\s*(?:export\s+)?const\s+((?:RTM|RTM_F|AF|NLM_F|NLMSG|RTNLGRP|IFLA|IFA|IFA_F|RTA|RTAX|RTNH_F|NDA|NUD|NTF|NTF_EXT|FRA|FR_ACT|FIB_RULE|RT_TABLE|RT_SCOPE|RTN|RTPROT|NETLINK|BRIDGE|MDBA|NHA|TCA)_[A-Z0-9_]+)\s*=\s*(-?(?:0x[0-9a-f_]+|[0-9_]+))\s*;/i;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** `file:line NAME = value` for every kernel constant declared as a literal. */
function literalDeclarations(files: string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const m = KERNEL_NAME.exec(line);
        return m ? [`${relative(SRC, file)}:${i + 1} ${m[1]} = ${m[2]}`] : [];
      }),
  );
}

describe('kernel constants', () => {
  it('the pattern finds a redeclaration (so that the check below can fail)', () => {
    const line = 'const RTM_GETLINK = 18;';
    expect(KERNEL_NAME.exec(line)?.[1]).toBe('RTM_GETLINK');
    expect(KERNEL_NAME.exec('export const AF_INET6 = 10;')?.[1]).toBe('AF_INET6');
    expect(KERNEL_NAME.exec('const NLM_F_CREATE = 0x400;')?.[2]).toBe('0x400');
    // Taken from a declaration: not a redeclaration.
    expect(KERNEL_NAME.exec('const { getlink: RTM_GETLINK } = linkMessage.types;')).toBeNull();
    expect(KERNEL_NAME.exec('const AF_MPLS = ADDRESS_FAMILIES.mpls;')).toBeNull();
  });

  it('are not declared again as literals anywhere in src/ outside generated/', () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(50);
    expect(literalDeclarations(files)).toEqual([]);
  });
});
