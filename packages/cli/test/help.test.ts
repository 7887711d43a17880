// `linx help`, `linx help OBJECT`, `--help`: printed without opening a socket.
import { describe, expect, it } from 'vitest';
import { EXIT, main } from '../src/index.js';
import { OBJECT_NAMES } from '../src/objects.js';

async function runMain(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe('help', () => {
  it('linx help and linx --help print the general usage', async () => {
    const help = await runMain(['help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.out).toContain('Usage: linx [OPTIONS] OBJECT');
    expect((await runMain(['--help'])).out).toBe(help.out);
  });
  it.each([['addr', 'linx addr add IFADDR'], ['r', 'linx route get ADDR'], ['link', 'linx link set'], ['neighbor', 'linx neigh'], ['rule', 'linx rule'], ['nexthop', 'linx nexthop { add | replace } id ID NH'], ['nex', 'group ID[,WEIGHT]'], ['wg', 'linx wg showconf DEV'], ['wireguard', 'linx wg show']])('linx help %s', async (object, text) => {
    const result = await runMain(['help', object]);
    expect(result.out).toContain(text);
    expect((await runMain([object, '--help'])).out).toBe(result.out);
  });
  it('linx help lists every object, and each has its own help', async () => {
    const general = (await runMain(['help'])).out;
    expect(OBJECT_NAMES.length).toBeGreaterThanOrEqual(9);
    for (const name of OBJECT_NAMES) {
      expect(general).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
      const own = await runMain(['help', name]);
      expect(own.code).toBe(EXIT.ok);
      expect(own.out).toMatch(/^Usage: linx /);
    }
  });
  it('no object, or an unknown one: usage error, exit 2', async () => {
    expect(await runMain([])).toMatchObject({ code: EXIT.usage, out: '' });
    const unknown = await runMain(['help', 'xfrm']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.err).toContain('no help on "xfrm"');
  });
});
