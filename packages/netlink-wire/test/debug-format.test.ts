import { describe, expect, it } from 'vitest';
import {
  AttributeEncoder,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLM_F_MULTI,
  NLMSGERR_ATTR_COOKIE,
  NLMSGERR_ATTR_MISS_NEST,
  NLMSGERR_ATTR_MISS_TYPE,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
  formatMessage,
  type NetlinkMessage,
} from '../src/index.js';
import { concat, header, s32 } from './helpers/bytes.js';

// What the debug printer shows for each kind of message: control messages (ACK, error, DONE), family
// messages with and without a known fixed header, attribute flags, nests found by flag, by guess or by
// schema, and the caps on hex output. Expected lines follow the format formatMessage documents.

const message = (type: number, payload: Uint8Array, flags = 0): NetlinkMessage => ({ type, flags, seq: 7, pid: 0, payload });
const lines = (text: string) => text.split('\n');
/** `n` bytes 0, 1, 2, … as the printer shows them. */
const hexRun = (n: number) => Array.from({ length: n }, (_, i) => (i & 0xff).toString(16).padStart(2, '0')).join(' ');
const run = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff);

describe('formatMessage: control messages', () => {
  // The echoed request header of struct nlmsgerr: RTM_NEWLINK (16), seq 7.
  const echoed = header(32, 16, 0x5, 7, 0);

  it('an ACK (errno 0) says ack, with the request it answers', () => {
    expect(lines(formatMessage(message(2, concat(s32(0), echoed), NLM_F_CAPPED)))).toEqual([
      'NLMSG_ERROR (2) len=36 flags=NLM_F_CAPPED seq=7 pid=0',
      '  ack for type 16 seq 7',
    ]);
  });

  it('names the 0x100/0x200 bits of NLMSG_ERROR and NLMSG_DONE as ACK flags, whatever flagKind says', () => {
    // flagKind would call 0x100 NLM_F_REPLACE and 0x200 NLM_F_EXCL; a control message's bits are CAPPED and ACK_TLVS.
    const options = { flagKind: () => 'new' as const };
    expect(formatMessage(message(2, concat(s32(0), echoed), NLM_F_CAPPED), options).split('\n')[0]).toBe(
      'NLMSG_ERROR (2) len=36 flags=NLM_F_CAPPED seq=7 pid=0',
    );
    expect(formatMessage(message(3, s32(0), NLM_F_MULTI | NLM_F_ACK_TLVS), options).split('\n')[0]).toBe(
      'NLMSG_DONE (3) len=20 flags=NLM_F_MULTI|NLM_F_ACK_TLVS seq=7 pid=0',
    );
  });

  it('a DONE that ends a dump successfully is one line; one carrying an errno shows it and its ext-ack', () => {
    expect(lines(formatMessage(message(3, s32(0), NLM_F_MULTI)))).toEqual(['NLMSG_DONE (3) len=20 flags=NLM_F_MULTI seq=7 pid=0']);
    const tlvs = new AttributeEncoder().string(NLMSGERR_ATTR_MSG, 'dump interrupted').finish();
    expect(lines(formatMessage(message(3, concat(s32(-4), tlvs), NLM_F_MULTI | NLM_F_ACK_TLVS)))).toEqual([
      'NLMSG_DONE (3) len=44 flags=NLM_F_MULTI|NLM_F_ACK_TLVS seq=7 pid=0',
      '  error EINTR (Interrupted by a signal)',
      '  message: "dump interrupted"',
    ]);
  });

  it('prints every ext-ack field it knows: offset, missing attribute, its nest, cookie', () => {
    const tlvs = new AttributeEncoder()
      .u32(NLMSGERR_ATTR_OFFS, 36)
      .u32(NLMSGERR_ATTR_MISS_TYPE, 3)
      .u32(NLMSGERR_ATTR_MISS_NEST, 32)
      .bytes(NLMSGERR_ATTR_COOKIE, Uint8Array.of(0xde, 0xad))
      .finish();
    expect(lines(formatMessage(message(2, concat(s32(-22), echoed, tlvs), NLM_F_CAPPED | NLM_F_ACK_TLVS)))).toEqual([
      `NLMSG_ERROR (2) len=${16 + 20 + tlvs.length} flags=NLM_F_CAPPED|NLM_F_ACK_TLVS seq=7 pid=0`,
      '  error EINVAL (Invalid argument) for type 16 seq 7',
      '  offset: 36',
      '  missing attribute type: 3',
      '  missing in nest at offset: 32',
      '  cookie: de ad',
    ]);
  });

  it('a truncated NLMSG_ERROR is reported as malformed, with its bytes', () => {
    expect(lines(formatMessage(message(2, s32(-1))))).toEqual([
      'NLMSG_ERROR (2) len=20 flags=0 seq=7 pid=0',
      '  malformed: NLMSG_ERROR payload of 4 bytes is shorter than struct nlmsgerr (20) (at byte 0)',
      '  ff ff ff ff',
    ]);
  });
});

describe('formatMessage: family messages', () => {
  it('an unknown type with no options: "type", flags=0, the payload as hex', () => {
    expect(lines(formatMessage(message(40, Uint8Array.of(1, 2))))).toEqual(['type (40) len=18 flags=0 seq=7 pid=0', '  payload: 01 02']);
  });

  it('an empty payload prints the header line only', () => {
    expect(lines(formatMessage(message(40, new Uint8Array(0))))).toEqual(['type (40) len=16 flags=0 seq=7 pid=0']);
    expect(lines(formatMessage(message(40, new Uint8Array(0)), { headerLength: 0 }))).toEqual(['type (40) len=16 flags=0 seq=7 pid=0']);
  });

  it('a family header that fills the whole payload has no attribute lines; headerLength 0 has no header line', () => {
    expect(lines(formatMessage(message(40, Uint8Array.of(2, 0, 0, 0)), { headerLength: 4 }))).toEqual([
      'type (40) len=20 flags=0 seq=7 pid=0',
      '  header: 02 00 00 00',
    ]);
    const attributes = new AttributeEncoder().u32(1, 0x01020304).finish();
    expect(lines(formatMessage(message(40, attributes), { headerLength: 0 }))).toEqual([
      'type (40) len=24 flags=0 seq=7 pid=0',
      '  [1] len=8: 04 03 02 01',
    ]);
  });

  it('shows NLA_F_NESTED and NLA_F_NET_BYTEORDER', () => {
    const attributes = new AttributeEncoder()
      .be32(1, 0x0a000001, { netByteOrder: true })
      .nested(2, (e) => e.u8(1, 5))
      .finish();
    expect(lines(formatMessage(message(40, attributes), { headerLength: 0 }))).toEqual([
      'type (40) len=36 flags=0 seq=7 pid=0',
      '  [1 NET_BYTEORDER] len=8: 0a 00 00 01',
      '  [2 NESTED] len=12 {',
      '    [1] len=5: 05',
      '  }',
    ]);
  });

  it('names nested attributes by their path of enclosing types', () => {
    const attributes = new AttributeEncoder().nested(18, (e) => e.nested(2, (d) => d.u16(3, 1))).finish();
    const seen: string[] = [];
    const text = formatMessage(message(40, attributes), {
      headerLength: 0,
      attributeName: (type, path) => {
        seen.push(`${path.join('/')}:${type}`);
        return `A${[...path, type].join('.')}`;
      },
    });
    expect(seen).toEqual([':18', '18:2', '18/2:3']);
    expect(lines(text).slice(1)).toEqual(['  A18 [18 NESTED] len=16 {', '    A18.2 [2 NESTED] len=12 {', '      A18.2.3 [3] len=6: 01 00', '    }', '  }']);
  });

  it('a nest flagged NLA_F_NESTED is shown as a nest even when guessing is off', () => {
    const attributes = new AttributeEncoder().nested(2, (e) => e.u32(1, 1)).finish();
    expect(lines(formatMessage(message(40, attributes), { headerLength: 0, guessNested: false })).slice(1)).toEqual([
      '  [2 NESTED] len=12 {',
      '    [1] len=8: 01 00 00 00',
      '  }',
    ]);
  });

  it('guesses a nest without the flag when its payload parses as attributes, unless told not to', () => {
    // Payload: one attribute of 8 bytes (type 1, u32 1), exactly the 2 * NLA_HDRLEN the guess needs.
    const inner = new AttributeEncoder().u32(1, 1).finish();
    const attributes = new AttributeEncoder().bytes(5, inner).finish();
    expect(lines(formatMessage(message(40, attributes), { headerLength: 0 })).slice(1)).toEqual([
      '  [5] len=12 {',
      '    [1] len=8: 01 00 00 00',
      '  }',
    ]);
    expect(lines(formatMessage(message(40, attributes), { headerLength: 0, guessNested: false })).slice(1)).toEqual([
      '  [5] len=12: 08 00 01 00 01 00 00 00',
    ]);
  });

  it('a 4-byte payload is a leaf even when it reads as an empty attribute header', () => {
    const attributes = new AttributeEncoder().bytes(5, Uint8Array.of(4, 0, 1, 0)).finish();
    expect(lines(formatMessage(message(40, attributes), { headerLength: 0 })).slice(1)).toEqual(['  [5] len=8: 04 00 01 00']);
  });

  it('a schema (isNested) overrides the guess both ways', () => {
    const inner = new AttributeEncoder().u32(1, 1).finish();
    const attributes = new AttributeEncoder().bytes(5, inner).nested(6, () => {}).finish();
    expect(lines(formatMessage(message(40, attributes), { headerLength: 0, isNested: (t) => t === 6 })).slice(1)).toEqual([
      '  [5] len=12: 08 00 01 00 01 00 00 00',
      '  [6 NESTED] len=4 {',
      '  }',
    ]);
  });
});

describe('formatMessage: leaves', () => {
  const leafLine = (payload: Uint8Array) =>
    lines(formatMessage(message(40, new AttributeEncoder().bytes(1, payload).finish()), { headerLength: 0 }))[1];

  it('shows printable NUL-terminated strings as text, from a single character up', () => {
    expect(leafLine(Uint8Array.of(0x61, 0))).toBe('  [1] len=6: "a" (61 00)');
    // space (0x20) and tilde (0x7e) are the printable ASCII bounds
    expect(leafLine(Uint8Array.of(0x20, 0x7e, 0))).toBe('  [1] len=7: " ~" (20 7e 00)');
  });

  it('shows hex only for a lone NUL, control characters, DEL and non-ASCII bytes', () => {
    expect(leafLine(Uint8Array.of(0))).toBe('  [1] len=5: 00');
    expect(leafLine(Uint8Array.of(0x1f, 0))).toBe('  [1] len=6: 1f 00');
    expect(leafLine(Uint8Array.of(0x7f, 0))).toBe('  [1] len=6: 7f 00');
    expect(leafLine(Uint8Array.of(0x61, 0xe9, 0))).toBe('  [1] len=7: 61 e9 00');
    expect(leafLine(Uint8Array.of(0x61, 0x62))).toBe('  [1] len=6: 61 62');
  });
});

describe('formatMessage: hex caps', () => {
  it('cuts payloads, leaves and malformed bytes at 64 bytes by default', () => {
    const cut64 = (n: number) => `${hexRun(64)} … (+${n - 64} bytes)`;
    expect(lines(formatMessage(message(40, run(70))))[1]).toBe(`  payload: ${cut64(70)}`);
    const leaf = new AttributeEncoder().bytes(1, run(68)).finish();
    expect(lines(formatMessage(message(40, leaf), { headerLength: 0, guessNested: false }))[1]).toBe(`  [1] len=72: ${cut64(68)}`);
    // 0x00 0x01 as nla_len: 256 bytes, past the end of a 70-byte payload
    expect(lines(formatMessage(message(40, run(70)), { headerLength: 0 }))[2]).toBe(`  ${cut64(70)}`);
  });

  it('maxHexBytes sets the cap everywhere', () => {
    expect(lines(formatMessage(message(40, run(6)), { maxHexBytes: 2 }))[1]).toBe('  payload: 00 01 … (+4 bytes)');
    const leaf = new AttributeEncoder().bytes(1, run(6)).finish();
    expect(lines(formatMessage(message(40, leaf), { headerLength: 0, maxHexBytes: 2 }))[1]).toBe('  [1] len=10: 00 01 … (+4 bytes)');
    expect(lines(formatMessage(message(40, run(6)), { headerLength: 0, maxHexBytes: 2 }))[2]).toBe('  00 01 … (+4 bytes)');
  });
});
