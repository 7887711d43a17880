// What `linx` prints for an error, and its exit code.
import { describe, expect, it } from 'vitest';
import { LinxError, NetlinkError } from '@linx/netlink-wire';
import { InvalidArgumentError, NoSuchInterfaceError } from '@linx/rtnl';
import { EXIT, NoSuchNamespaceError, UsageError } from '../src/index.js';
import { reportError } from '../src/report-error.js';

describe('reportError', () => {
  it('a kernel refusal: errno, ext-ack text, the attribute blamed, a hint; exit 1', () => {
    const error = new NetlinkError(-22, { message: 'mtu greater than device maximum' }).nameAttribute('mtu');
    const report = reportError(error, 'link set v0 mtu 70000');
    expect(report.exitCode).toBe(EXIT.kernel);
    expect(report.text).toBe('linx link set v0 mtu 70000: the kernel refused: EINVAL: mtu greater than device maximum\n  attribute: mtu\n');
  });
  it("the library's meaning of the errno for the call, when it gave one, beside the errno", () => {
    const error = new NetlinkError(-2).during('nexthops.get id 99', 'no nexthop with this id');
    expect(reportError(error, 'nexthop get id 99').text).toBe('linx nexthop get id 99: the kernel refused: ENOENT (no nexthop with this id)\n');
  });
  it('EPERM says CAP_NET_ADMIN', () => {
    expect(reportError(new NetlinkError(-1), 'link add x').text).toContain('hint: changing the network needs CAP_NET_ADMIN');
  });
  it.each([
    [new UsageError('bad'), EXIT.usage],
    [new InvalidArgumentError('address', 'not an address'), EXIT.usage],
    [new NoSuchInterfaceError('eth9'), EXIT.noSuchInterface],
    [new NoSuchNamespaceError('blue'), EXIT.noSuchNamespace],
    [new Error('bug'), EXIT.internal],
  ])('%s exits %i', (error, code) => {
    expect(reportError(error, 'x').exitCode).toBe(code);
  });
  it('the socket layer refusing to enter a namespace (NativeError, told by its code): exit 5 with the hint', () => {
    const refused = Object.assign(new LinxError('ERR_LINX_NATIVE', 'setns failed: Operation not permitted (EPERM)'), { stage: 'setns', errnoName: 'EPERM' });
    expect(reportError(refused, 'address')).toEqual({ text: 'linx address: setns failed: Operation not permitted (EPERM)\n  hint: entering another network namespace needs CAP_SYS_ADMIN (run as root)\n', exitCode: EXIT.notPermitted });
  });
  it('the exit codes are distinct', () => {
    expect(new Set(Object.values(EXIT)).size).toBe(Object.values(EXIT).length);
  });
});
