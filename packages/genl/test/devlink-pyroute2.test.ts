// devlink, a family this kernel does not have, through its generated typed client against an oracle no one
// here wrote: pyroute2's devlink module (Debian python3-pyroute2, /usr/bin/python3). Its DEVLINK_CMD_GET
// request, encoded by pyroute2, equals linx's request byte for byte; an info-get reply pyroute2 encodes is
// decoded by linx as pyroute2 reads it back. (No kernel: the reply is handed over by a fake one.)
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compileMessage } from '@linx/netlink-codec';
import { Connection } from '@linx/netlink-socket';
import { FakeKernel, genlReplyType } from '@linx/netlink-socket/testing';
import { ctrlMessage, Genl, GENL_ID_CTRL, nlctrl } from '../src/index.js';
import { devlink } from '../src/devlink/index.js';

const python = spawnSync('/usr/bin/python3', ['-c', 'import pyroute2.netlink.devlink'], { stdio: 'ignore' }).status === 0;
const skip = python ? undefined : 'python3-pyroute2 is not installed';

/** Runs a python snippet with pyroute2's devlink module; its stdout. */
function py(code: string): string {
  const run = spawnSync('/usr/bin/python3', ['-c', `from pyroute2.netlink.devlink import *\n${code}`], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim();
}

const ctrl = compileMessage(ctrlMessage);
const DEVLINK_ID = 0x22;

function fakeDevlink(reply: (cmd: number) => Uint8Array | undefined) {
  const kernel = new FakeKernel(
    (req, k) => {
      if (req.type === GENL_ID_CTRL) {
        const name = ctrl.decode(req.payload).attrs.familyName!;
        const family = name === 'devlink' ? { familyId: DEVLINK_ID, version: 1, ops: [1, 51].map((id) => ({ id, flags: ['cmd-cap-do', 'cmd-cap-dump'] as nlctrl.OpFlags[] })) } : { familyId: GENL_ID_CTRL, version: 2, mcastGroups: [{ name: 'notify', id: 0x10 }] };
        const payload = ctrl.encode({ header: { cmd: nlctrl.replyCommandValues.newfamily, version: 2, reserved: 0 }, attrs: { familyName: name, ...family } });
        return [{ messages: [k.reply(req, { type: GENL_ID_CTRL, payload })] }, k.ack(req)];
      }
      const payload = reply(req.payload[0]!);
      return payload === undefined ? k.ack(req) : [{ messages: [k.reply(req, { type: DEVLINK_ID, payload })] }, k.ack(req)];
    },
    { replyType: genlReplyType },
  );
  return { kernel, genl: new Genl(new Connection(kernel)) };
}

describe.skipIf(skip !== undefined)(`devlink's typed client against pyroute2's devlink module${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it("get's request equals pyroute2's DEVLINK_CMD_GET with the same bus and device names", async () => {
    const theirs = py(`m = devlinkcmd(); m['cmd'] = DEVLINK_CMD_GET; m['version'] = 1
m['attrs'] = [('DEVLINK_ATTR_BUS_NAME', 'netdevsim'), ('DEVLINK_ATTR_DEV_NAME', 'netdevsim1')]
m.encode(); print(m.data[16:].hex())`);
    const { kernel, genl } = fakeDevlink(() => undefined);
    await devlink(genl).do('get', { busName: 'netdevsim', devName: 'netdevsim1' }).catch(() => undefined);
    const [request] = kernel.requests.filter((m) => m.type === DEVLINK_ID);
    expect(Buffer.from(request!.payload).toString('hex')).toBe(theirs);
    genl.close();
  });

  it('an info-get reply pyroute2 encodes (driver, serial, fixed and running versions) decodes to what pyroute2 reads back', async () => {
    const hex = py(`m = devlinkcmd(); m['cmd'] = DEVLINK_CMD_INFO_GET; m['version'] = 1
ver = lambda n, v: {'attrs': [('DEVLINK_ATTR_INFO_VERSION_NAME', n), ('DEVLINK_ATTR_INFO_VERSION_VALUE', v)]}
m['attrs'] = [('DEVLINK_ATTR_BUS_NAME', 'pci'), ('DEVLINK_ATTR_DEV_NAME', '0000:01:00.0'), ('DEVLINK_ATTR_INFO_DRIVER_NAME', 'mlx5_core'),
  ('DEVLINK_ATTR_INFO_SERIAL_NUMBER', 'MT1234'), ('DEVLINK_ATTR_INFO_VERSION_FIXED', ver('fw.psid', 'MT_0000000008')),
  ('DEVLINK_ATTR_INFO_VERSION_RUNNING', ver('fw.version', '16.35.2000')), ('DEVLINK_ATTR_INFO_VERSION_RUNNING', ver('fw', '16.35.2000'))]
m.encode(); print(m.data[16:].hex())`);
    const back = JSON.parse(
      py(`import json, struct
payload = bytes.fromhex('${hex}')
m = devlinkcmd(struct.pack('=IHHII', 16 + len(payload), ${DEVLINK_ID}, 0, 0, 0) + payload); m.decode()
vers = lambda k: [{'name': v.get_attr('DEVLINK_ATTR_INFO_VERSION_NAME'), 'value': v.get_attr('DEVLINK_ATTR_INFO_VERSION_VALUE')} for v in m.get_attrs(k)]
print(json.dumps({'bus': m.get_attr('DEVLINK_ATTR_BUS_NAME'), 'dev': m.get_attr('DEVLINK_ATTR_DEV_NAME'), 'driver': m.get_attr('DEVLINK_ATTR_INFO_DRIVER_NAME'),
  'serial': m.get_attr('DEVLINK_ATTR_INFO_SERIAL_NUMBER'), 'fixed': vers('DEVLINK_ATTR_INFO_VERSION_FIXED'), 'running': vers('DEVLINK_ATTR_INFO_VERSION_RUNNING')}))`),
    );
    const { genl } = fakeDevlink((cmd) => (cmd === 51 ? Buffer.from(hex, 'hex') : undefined));
    const info = await devlink(genl).do('info-get', { busName: 'pci', devName: '0000:01:00.0' });
    const versions = (v: unknown) => [v].flat().map((x) => ({ name: (x as { infoVersionName?: string }).infoVersionName, value: (x as { infoVersionValue?: string }).infoVersionValue }));
    expect({ bus: info.busName, dev: info.devName, driver: info.infoDriverName, serial: info.infoSerialNumber, fixed: versions(info.infoVersionFixed), running: versions(info.infoVersionRunning) }).toEqual(back);
    expect(back.running).toHaveLength(2);
    genl.close();
  });
});
