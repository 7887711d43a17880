// The values each entry point of @linx/netlink-codec exports, pinned: an export added or
// removed by accident fails here. Removing one from a published entry point is a breaking change (say so
// in a changeset); adding one is an API to keep (document it in the README's "What this package exports").
import { describe, expect, it } from 'vitest';

describe('@linx/netlink-codec public value exports', () => {
  it('@linx/netlink-codec', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'DecodeDepthError', 'DecodeError', 'EncodeDepthError', 'InvalidValueError', 'UNKNOWN', 'attr', 'attrset',
      'be16', 'be32', 'be64', 'binary', 'bitfield32', 'compileMessage', 'custom', 'decode', 'encode', 'enumOf',
      'flag', 'flagsOf', 'formatWithSchema', 'headedNest', 'indexedArray', 'ip', 'ipv4', 'ipv6', 'mac', 'message',
      'nest', 'packed', 'pad', 'records', 'resolve', 's16', 's32', 's64', 's8', 'sint', 'string', 'struct', 'structType',
      'subMessage', 'typeValue', 'u16', 'u32', 'u64', 'u8', 'uint',
    ]);
  });

  it('@linx/netlink-codec/runtime', async () => {
    expect(Object.keys(await import('../src/runtime.js')).sort()).toEqual([
      'Attrs', 'Struct', 'attributeOrder', 'attributePathAt', 'attributePathInPayload', 'compileAttrSet',
      'compileStruct', 'compileType', 'formatPath', 'nameBlamedAttribute', 'onFirstUse', 'rethrowWithin',
      'structTail',
    ]);
  });
});
