// A kernel error told in the terms of what was being done (NetlinkError.during): the family names the
// operation and what the errno means there; the kernel's own ext-ack text and the blamed attribute stay.
// errno 17 is EEXIST and 3 is ESRCH (asm-generic/errno-base.h).
import { describe, expect, it } from 'vitest';
import { NetlinkError } from '../src/index.js';

describe('NetlinkError.during', () => {
  it('puts the operation first and the hint in place of the generic description', () => {
    const error = new NetlinkError(-17).during('routes.add 192.0.2.0/24 via 10.0.0.2', 'a route with this key exists');
    expect(error.message).toBe('routes.add 192.0.2.0/24 via 10.0.0.2: EEXIST (a route with this key exists)');
    expect(error).toMatchObject({ errno: 17, errnoName: 'EEXIST', code: 'ERR_LINX_KERNEL', operation: 'routes.add 192.0.2.0/24 via 10.0.0.2', hint: 'a route with this key exists' });
  });

  it("keeps the errno's own description without a hint, and the ext-ack text and blamed attribute after it", () => {
    const error = new NetlinkError(-3, { message: 'No route found' }).nameAttribute('dst').during('routes.delete 192.0.2.0/24');
    expect(error.message).toBe('routes.delete 192.0.2.0/24: ESRCH (No such process): No route found (attribute dst)');
    expect(error.hint).toBeUndefined();
  });

  it('the first call wins: an outer caller does not relabel what an inner one said', () => {
    const error = new NetlinkError(-17).during('links.create v0', 'an interface with this name exists').during('apply step 3');
    expect(error.message).toBe('links.create v0: EEXIST (an interface with this name exists)');
    expect(error.operation).toBe('links.create v0');
  });
});
