// `linx netns add|list|del` against ip netns: a namespace linx makes is one `ip netns list` lists and
// `ip -n` enters (a fresh one: only lo), and one linx deletes is gone for ip too. Only the namespace made
// here is touched (its name is this file's own); afterAll removes it with ip if a test failed half-way.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelSkipReason, run, runOrThrow } from '@linx/test-kit';
import { linx, linxJson, linxOk } from './helpers/linx.js';

describe.skipIf(kernelSkipReason(['ip']))('linx netns, compared with ip netns', () => {
  const name = `linx-cli-netns-${randomBytes(3).toString('hex')}`;
  const ipNames = () => (JSON.parse(runOrThrow(['ip', '-j', 'netns', 'list']) || '[]') as { name: string }[]).map((n) => n.name);

  afterAll(() => {
    if (existsSync(`/run/netns/${name}`)) run(['ip', 'netns', 'delete', name]);
  });

  it('adds a namespace ip lists and enters, lists it, and deletes it', () => {
    linxOk('netns', 'add', name);
    expect(ipNames()).toContain(name);
    const links = JSON.parse(runOrThrow(['ip', '-n', name, '-j', 'link', 'show'])) as { ifname: string }[];
    expect(links.map((l) => l.ifname)).toEqual(['lo']);
    expect(linxOk('netns', 'list').split('\n')).toContain(name);
    expect(linxJson('netns').map((n: { name: string }) => n.name)).toContain(name);
    // Made twice: refused (exit 1), and the namespace is still the same one.
    expect(linx('netns', 'add', name).status).toBe(1);
    linxOk('netns', 'del', name);
    expect(ipNames()).not.toContain(name);
    expect(linxOk('netns', 'list').split('\n')).not.toContain(name);
  });

  it('a name that is not there is exit 4; a name that cannot be one is a usage error', () => {
    expect(linx('netns', 'del', name).status).toBe(4);
    expect(linx('netns', 'add', 'a/b').status).toBe(2);
    expect(linx('netns', 'add').status).toBe(2);
    expect(linx('-n', 'x', 'netns', 'list').status).toBe(2);
  });
});
