// Which argument a refusal names, and what it says, for the checks nft-argument-errors.test.ts does not
// reach: a name that is no string at all (a JavaScript caller, or `as never`), a chain deleted by a bad name
// (the chain's name, not its table's), the families a hook lookup knows. Each refusal is an
// InvalidArgumentError (ERR_LINX_INVALID_ARGUMENT) thrown before anything is built or sent.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@linx/netlink-socket';
import { nft } from '../src/index.js';

function refusal(f: () => unknown): InvalidArgumentError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('not refused');
}

describe('names', () => {
  it('a name that is not a string is refused as such, naming the argument', () => {
    for (const bad of [undefined, 7, null]) {
      const error = refusal(() => nft.checkName('table', bad));
      expect(error).toMatchObject({ code: 'ERR_LINX_INVALID_ARGUMENT', argument: 'table' });
      expect(error.message).toBe(`table: ${String(bad)} is not a name (a string)`);
    }
    expect(refusal(() => nft.tableOps.add({ family: 'inet', name: undefined as never })).message).toBe('name: undefined is not a name (a string)');
  });

  it("deleting or destroying a chain by a bad name names `name`, not the table", () => {
    expect(refusal(() => nft.chainOps.delete({ family: 'inet', table: 't', name: '' }))).toMatchObject({ argument: 'name', message: 'name: a name cannot be empty' });
    expect(refusal(() => nft.chainOps.destroy({ family: 'inet', table: 't', name: 'x'.repeat(256) }))).toMatchObject({ argument: 'name' });
  });

  it("a flowtable's bad table or name is refused naming which", () => {
    expect(refusal(() => nft.flowtableOps.add({ family: 'inet', table: '', name: 'f', devices: ['lo'] }))).toMatchObject({ argument: 'table' });
    expect(refusal(() => nft.flowtableOps.delete({ family: 'inet', table: '', name: 'f' }))).toMatchObject({ argument: 'table' });
    expect(refusal(() => nft.flowtableOps.destroy({ family: 'inet', table: 't', name: '' }))).toMatchObject({ argument: 'name' });
  });

  it('an unknown family lists the families that have hooks', () => {
    expect(refusal(() => nft.hookNumber('bogus' as never, 'input')).message).toBe('family: unknown family "bogus" (one of ip, ip6, inet, bridge, arp, netdev, unspec)');
  });
});
