import { parseMessages, encodeMessage } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { formatWithSchema } from '../src/index.js';
import { linkMessage } from './link-decl.js';
import { vethPayload } from './golden.js';

describe('formatWithSchema', () => {
  it('names the message type and the attributes from the declaration', () => {
    const [message] = parseMessages(encodeMessage({ type: 16, flags: 0x605, seq: 7, payload: vethPayload }));
    const lines = formatWithSchema(linkMessage, message!).split('\n');
    expect(lines[0]).toBe('newlink (16) len=84 flags=NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE seq=7 pid=0');
    expect(lines).toContain('  ifname [3] len=7: "v0" (76 30 00)');
    expect(lines).toContain('  linkinfo [18] len=44 {');
    expect(lines).toContain('    kind [1] len=8: 76 65 74 68');
    expect(lines.some((l) => l.startsWith('    data [2] len=32'))).toBe(true);
  });
});
