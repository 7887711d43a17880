// The ethtool client without a kernel: a fake kernel resolves the family through nlctrl and answers
// ETHTOOL_MSG_* requests with replies built by the generated declarations. Checks what is sent (the
// device header, no compact-bitsets flag, the command), how replies are decoded, how the kernel's
// EOPNOTSUPP and ENODEV become typed errors, and that bad input is refused before anything is sent.
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { InvalidArgumentError } from '@linx/netlink-socket';
import type { FakeHandler } from '@linx/netlink-socket/testing';
import { errnoNumber, NLM_F_DUMP } from '@linx/netlink-wire';
import { genlMessage } from '../src/index.js';
import { declarations as gen, EthtoolNoSuchDeviceError, EthtoolNotSupportedError } from '../src/ethtool/index.js';
import { fakeEthtool } from './helpers/fake-ethtool.js';

const ETHTOOL_ID = 0x1c;
const features = compileMessage(genlMessage('features', gen.featuresAttrs));
const channels = compileMessage(genlMessage('channels', gen.channelsAttrs));
const bitNamed = (names: string[]) => ({ nomask: true, size: 64, bits: { bit: names.map((name, index) => ({ index, name, value: true })) } });

const fakeKernel = (answer: FakeHandler) => fakeEthtool(ETHTOOL_ID, answer);

describe('Ethtool against a fake kernel', () => {
  it('features(name): FEATURES_GET with the device name and no header flags; the verbose bitsets decode to names', async () => {
    const { eth, sent } = fakeKernel((req, k) => {
      const reply = features.encode({
        header: { cmd: gen.replyCommandValues['features-get-reply'], version: 1, reserved: 0 },
        attrs: { header: { devIndex: 7, devName: 'eth9' }, hw: bitNamed(['rx-gro', 'highdma']), wanted: bitNamed(['rx-gro']), active: bitNamed(['rx-gro', 'rx-checksum']), nochange: bitNamed([]) },
      });
      return [{ messages: [k.reply(req, { type: ETHTOOL_ID, payload: reply })] }, k.ack(req)];
    });
    expect(await eth.features('eth9')).toEqual({ ifindex: 7, ifname: 'eth9', active: ['rx-gro', 'rx-checksum'], wanted: ['rx-gro'], changeable: ['rx-gro', 'highdma'], nochange: [] });
    const [request] = sent();
    expect(features.decode(request!.payload)).toEqual({ header: { cmd: gen.requestCommandValues['features-get'], version: 1, reserved: 0 }, attrs: { header: { devName: 'eth9' } } });
  });

  it('channelsAll(): a dump (NLM_F_DUMP) with an empty header, one entry per interface', async () => {
    const { eth, sent } = fakeKernel((req, k) =>
      k.multipart(
        req,
        [1, 2].map((i) => channels.encode({ header: { cmd: gen.replyCommandValues['channels-get-reply'], version: 1, reserved: 0 }, attrs: { header: { devIndex: i, devName: `v${i}` }, rxMax: 2, rxCount: i } })),
        { type: ETHTOOL_ID },
      ),
    );
    expect(await eth.channelsAll()).toEqual([
      { ifindex: 1, ifname: 'v1', rxMax: 2, rxCount: 1 },
      { ifindex: 2, ifname: 'v2', rxMax: 2, rxCount: 2 },
    ]);
    expect(sent()[0]!.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
    expect(channels.decode(sent()[0]!.payload).attrs).toEqual({ header: {} });
  });

  it("the kernel's EOPNOTSUPP is EthtoolNotSupportedError naming the operation and device; ENODEV is EthtoolNoSuchDeviceError", async () => {
    const { eth } = fakeKernel((req, k) => k.error(req, errnoNumber(req.payload[0] === gen.requestCommandValues['rings-get'] ? 'EOPNOTSUPP' : 'ENODEV')!));
    const unsupported = await eth.rings(3).catch((e: unknown) => e);
    expect(unsupported).toBeInstanceOf(EthtoolNotSupportedError);
    expect(unsupported).toMatchObject({ code: 'ERR_LINX_ETHTOOL_NOT_SUPPORTED', operation: 'rings-get', device: 3 });
    await expect(eth.linkState('gone0')).rejects.toBeInstanceOf(EthtoolNoSuchDeviceError);
    await expect(eth.linkState('gone0')).rejects.toMatchObject({ code: 'ERR_LINX_ETHTOOL_NO_SUCH_DEVICE', device: 'gone0' });
  });

  it('setFeatures: FEATURES_SET with OMIT_REPLY and WANTED as a verbose bitset with a mask (only the named bits)', async () => {
    const { eth, sent } = fakeKernel((req, k) => k.ack(req));
    await eth.setFeatures(4, { 'rx-gro': true, highdma: false });
    expect(features.decode(sent()[0]!.payload)).toEqual({
      header: { cmd: gen.requestCommandValues['features-set'], version: 1, reserved: 0 },
      attrs: { header: { devIndex: 4, flags: ['omit-reply'] }, wanted: { bits: { bit: [{ name: 'rx-gro', value: true }, { name: 'highdma' }] } } },
    });
  });

  it('bad devices and bad feature changes are refused with InvalidArgumentError; nothing is sent', async () => {
    const { kernel, eth } = fakeKernel((req, k) => k.ack(req));
    for (const bad of ['', 'x'.repeat(16), 'a b', 'a/b', 'a:b', 0, -3, 2.5, 2 ** 32]) {
      await expect(eth.channels(bad as string), JSON.stringify(bad)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    await expect(eth.setFeatures('eth0', { '': true })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(eth.setFeatures('eth0', { 'rx-gro': 'yes' as unknown as boolean })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(eth.strings('no-such-set' as 'features')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(eth.setLinkModes('eth0', { speed: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(eth.setLinkModes('eth0', { duplex: 'both' as 'full' })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(kernel.requests).toEqual([]);
  });
});
