// nl0.pcap (fixtures/pyroute2) also holds a generic netlink CTRL_CMD_GETFAMILY request and the kernel's
// CTRL_CMD_NEWFAMILY reply: decoded with the declarations generated from nlctrl.yaml, after the 4-byte
// genlmsghdr that belongs to the genetlink layer, and re-encoded byte for byte.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileMessage, type MessageDecl } from '@linx/netlink-codec';
import { readCaptureArray } from '@linx/netlink-wire/capture';
import { repoRoot } from '../src/targets.js';
import { importGenerated, type GeneratedModule } from './helpers/specs.js';

const GENL_ID_CTRL = 16;
const GENL_HDRLEN = 4;

let nlctrl: GeneratedModule;
beforeAll(async () => {
  nlctrl = await importGenerated('nlctrl.yaml');
});

describe('nlctrl: a real CTRL_CMD_GETFAMILY exchange from nl0.pcap', () => {
  const pcap = new Uint8Array(readFileSync(`${repoRoot()}/fixtures/pyroute2/nl0.pcap`));
  const messages = readCaptureArray(pcap)
    .filter((p) => p.protocol === 16)
    .flatMap((p) => p.messages)
    .filter((m) => m.type === GENL_ID_CTRL);

  it('decodes the request and the reply after genlmsghdr, and writes both back byte for byte', () => {
    const codec = compileMessage(nlctrl.ctrlMessage as MessageDecl);
    const requests = nlctrl.requestCommandValues as Record<string, number>;
    const replies = nlctrl.replyCommandValues as Record<string, number>;
    expect(messages).toHaveLength(2);
    const [request, reply] = messages;
    expect(request!.payload[0]).toBe(requests.getfamily);
    expect(reply!.payload[0]).toBe(replies['getfamily-reply']);
    const req = codec.decode(request!.payload.subarray(GENL_HDRLEN));
    expect(req.attrs).toEqual({ familyName: expect.any(String) });
    const rsp = codec.decode(reply!.payload.subarray(GENL_HDRLEN)).attrs as {
      familyName: string;
      familyId: number;
      version: number;
      hdrsize: number;
      maxattr: number;
      ops: { id: number; flags: string[] }[];
      mcastGroups?: { name: string; id: number }[];
    };
    expect(rsp.familyName).toBe(req.attrs.familyName);
    expect(rsp.familyId).toBeGreaterThan(GENL_ID_CTRL);
    expect(rsp.ops.length).toBeGreaterThan(0);
    for (const op of rsp.ops) {
      expect(op.id).toBeGreaterThan(0);
      expect(op.flags.every((f) => typeof f === 'string')).toBe(true);
    }
    expect(codec.encode(req as never)).toEqual(request!.payload.subarray(GENL_HDRLEN));
    expect(codec.encode(codec.decode(reply!.payload.subarray(GENL_HDRLEN)) as never)).toEqual(reply!.payload.subarray(GENL_HDRLEN));
  });
});
