// `linx genl families` against `genl ctrl list` (iproute2 6.1) in a network namespace of this file's own:
// the text equals genl's byte for byte, but for one thing genl gets wrong: it prints an operation's
// capabilities only when the *family's* version is 2 or more (it compares the family's version where it
// means nlctrl's), so for the others they are left out of linx's text before comparing. The JSON is
// checked against what genl prints too (names, ids, versions, operations, groups). Read-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNetns, kernelSkipReason, runOrThrow, type TestNetns } from '@linx/test-kit';
import { linx, linxJson, linxOk } from './helpers/linx.js';

/** linx's text as genl 6.1 prints it: no capabilities for families of version 0 or 1. */
function asGenlPrints(text: string): string {
  return text
    .split(/(?=\nName: )/)
    .map((family) => {
      const version = /Version: 0x([0-9a-f]+)/.exec(family);
      if (version === null || parseInt(version[1]!, 16) >= 2) return family;
      return family.replace(/\n\t\tCapabilities \(0x[0-9a-f]+\):\n \t\t [^\n]*\n/g, '');
    })
    .join('');
}

interface Family {
  name: string;
  id: number;
  version: number;
  hdrsize: number;
  maxattr: number;
  operations: { cmd: number; flags: string[] }[];
  groups: { name: string; id: number }[];
}

/** A family as genl prints it: the operations by id only. */
type Listed = Omit<Family, 'operations'> & { operations: number[] };

/** genl's text read back: each family's numbers, operation ids and groups. */
function parseGenl(text: string): Listed[] {
  return text
    .split(/\nName: /)
    .slice(1)
    .map((chunk) => {
      const head = /^(\S+)\n\tID: 0x([0-9a-f]+)  Version: 0x([0-9a-f]+)  header size: (\d+)  max attribs: (\d+)/.exec(chunk)!;
      return {
        name: head[1]!,
        id: parseInt(head[2]!, 16),
        version: parseInt(head[3]!, 16),
        hdrsize: Number(head[4]),
        maxattr: Number(head[5]),
        operations: [...chunk.matchAll(/#\d+:  ID-0x([0-9a-f]+) \n/g)].map((m) => parseInt(m[1]!, 16)),
        groups: [...chunk.matchAll(/#\d+:  ID-0x([0-9a-f]+)  name: (\S+) /g)].map((m) => ({ name: m[2]!, id: parseInt(m[1]!, 16) })),
      };
    });
}

describe.skipIf(kernelSkipReason(['ip', 'genl']))('linx genl, compared with genl ctrl', () => {
  let ns: TestNetns;
  const genl = (...args: string[]) => runOrThrow(['ip', 'netns', 'exec', ns.name, 'genl', ...args]);

  beforeAll(() => {
    ns = createTestNetns('linx-cli');
  });
  afterAll(() => ns?.remove());

  it('linx genl families prints what genl ctrl list prints', () => {
    const ours = linxOk('-n', ns.name, 'genl', 'families');
    expect(ours).toContain('Name: nlctrl');
    expect(asGenlPrints(ours)).toBe(genl('ctrl', 'list'));
    // genl's own spelling gives the same.
    expect(linxOk('-n', ns.name, 'genl', 'ctrl', 'list')).toBe(ours);
  });

  it('linx genl family NAME prints what genl ctrl get name NAME prints', () => {
    for (const name of ['nlctrl', 'ethtool']) expect(asGenlPrints(linxOk('-n', ns.name, 'genl', 'family', name))).toBe(genl('ctrl', 'get', 'name', name));
  });

  it('-j holds the families genl lists, with their operations and groups', () => {
    const ours = linxJson<Family[]>('-n', ns.name, 'genl', 'families');
    const theirs = parseGenl(genl('ctrl', 'list'));
    expect(ours.map((f) => ({ ...f, operations: f.operations.map((op) => op.cmd) }))).toEqual(theirs);
    // nlctrl itself (version 2, so genl prints its capabilities): getfamily can do, dump, and has a policy.
    const nlctrl = ours.find((f) => f.name === 'nlctrl')!;
    expect(nlctrl.operations.find((op) => op.cmd === 3)!.flags).toEqual(['cmd-cap-do', 'cmd-cap-dump', 'cmd-cap-haspol']);
  });

  it('names a family that is not registered, exit code 1 (the kernel refused)', () => {
    const result = linx('-n', ns.name, 'genl', 'family', 'no-such-family');
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no-such-family');
    expect(result.status).toBe(1);
  });
});
