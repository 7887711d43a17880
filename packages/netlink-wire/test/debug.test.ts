import { describe, expect, it } from 'vitest';
import { formatMessage, hex, parseMessages } from '../src/index.js';
import { eexistReply, mtuReply, vethRequest } from './golden.js';

const only = (bytes: Uint8Array) => parseMessages(bytes)[0]!;

describe('formatMessage', () => {
  it('prints a request with header fields by name and attributes as a tree', () => {
    const text = formatMessage(only(vethRequest), {
      headerLength: 16,
      typeName: (t) => (t === 16 ? 'RTM_NEWLINK' : undefined),
      flagKind: () => 'new',
      attributeName: (t, path) => (path.length === 0 ? { 3: 'IFLA_IFNAME', 18: 'IFLA_LINKINFO' }[t] : undefined),
    });
    expect(text.split('\n')).toEqual([
      'RTM_NEWLINK (16) len=84 flags=NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE seq=1795814487 pid=0',
      '  header: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00',
      '  IFLA_IFNAME [3] len=7: "v0" (76 30 00)',
      '  IFLA_LINKINFO [18] len=44 {',
      '    [1] len=8: 76 65 74 68',
      '    [2] len=32 {',
      '      [1] len=28: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 07 00 03 00 76 31 00 00',
      '    }',
      '  }',
    ]);
  });

  it('prints kernel errors with errno and ext-ack', () => {
    expect(formatMessage(only(mtuReply))).toBe(
      [
        'NLMSG_ERROR (2) len=96 flags=NLM_F_ACK_TLVS seq=1795814489 pid=4737',
        '  error EINVAL (Invalid argument) for type 16 seq 1795814489',
        '  message: "mtu greater than device maximum"',
      ].join('\n'),
    );
    expect(formatMessage(only(eexistReply)).split('\n')[1]).toBe('  error EEXIST (Already exists) for type 16 seq 1795814487');
  });

  it('shows the payload as hex when the family layout is unknown, and says when bytes are malformed', () => {
    expect(formatMessage({ type: 40, flags: 0, seq: 1, pid: 0, payload: Uint8Array.of(1, 2) })).toContain('payload: 01 02');
    const broken = formatMessage({ type: 40, flags: 0, seq: 1, pid: 0, payload: Uint8Array.of(9, 0, 1, 0) }, { headerLength: 0 });
    expect(broken).toMatch(/malformed: nla_len 9 runs past the end/);
  });

  it('hex cuts long payloads', () => {
    expect(hex(new Uint8Array(5), 2)).toBe('00 00 … (+3 bytes)');
    expect(hex(new Uint8Array(0))).toBe('(empty)');
  });
});
