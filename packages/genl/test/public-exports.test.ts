// The values each entry point of @linx/genl exports, pinned: an export added or
// removed by accident fails here. Removing one from a published entry point is a breaking change (say so
// in a changeset); adding one is an API to keep (document it in the README's "What this package exports").
import { describe, expect, it } from 'vitest';

describe('@linx/genl public value exports', () => {
  it('@linx/genl', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'AbortError', 'DecodeError', 'DumpInterruptedError', 'FamilyNotFoundError', 'GENL_HDRLEN', 'GENL_ID_CTRL',
      'Genl', 'GenlClient', 'GenlEvents', 'GroupNotFoundError', 'InvalidArgumentError', 'InvalidValueError',
      'LinxError', 'MalformedError', 'NativeError', 'NetlinkError', 'NoReplyError', 'NoSuchInterfaceError',
      'OperationNotSupportedError', 'OverrunError', 'PolicyViolationError', 'SocketClosedError', 'TimeoutError',
      'checkPolicy', 'ctrlMessage', 'genlClient', 'genlMessage', 'genlmsghdr', 'nlctrl', 'open',
    ]);
  });

  it('@linx/genl/ethtool', async () => {
    expect(Object.keys(await import('../src/ethtool/index.js')).sort()).toEqual([
      'Ethtool', 'EthtoolMonitor', 'EthtoolNoSuchDeviceError', 'EthtoolNotSupportedError', 'bitsetChange',
      'declarations', 'decodeBitset', 'deviceHeader', 'ethtool',
    ]);
  });

  it('@linx/genl/mptcp', async () => {
    expect(Object.keys(await import('../src/mptcp/index.js')).sort()).toEqual([
      'Mptcp', 'MptcpEndpointNotFoundError', 'MptcpMonitor', 'NoSuchInterfaceError', 'declarations', 'mptcp',
    ]);
  });

  it('@linx/genl/tcp-metrics', async () => {
    expect(Object.keys(await import('../src/tcp-metrics/index.js')).sort()).toEqual([
      'TcpMetricsCache', 'TcpMetricsNotFoundError', 'declarations', 'tcpMetrics',
    ]);
  });

  it('@linx/genl/netdev', async () => {
    expect(Object.keys(await import('../src/netdev/index.js')).sort()).toEqual([
      'Netdev', 'NetdevNotSupportedError', 'NoSuchInterfaceError', 'declarations', 'netdev',
    ]);
  });

  it('@linx/genl/wireguard', async () => {
    expect(Object.keys(await import('../src/wireguard/index.js')).sort()).toEqual([
      'WG_MESSAGE_MAX', 'WireGuard', 'WireGuardNoSuchDeviceError', 'declarations', 'deviceFromDump',
      'keyFromBase64', 'keyToBase64', 'splitSetDevice', 'wireguard',
    ]);
  });

  it('@linx/genl/taskstats', async () => {
    expect(Object.keys(await import('../src/taskstats/index.js')).sort()).toEqual([
      'TaskNotFoundError', 'Taskstats', 'declarations', 'taskstats',
    ]);
  });

  it('@linx/genl/nl80211', async () => {
    expect(Object.keys(await import('../src/nl80211/index.js')).sort()).toEqual([
      'ELEMENT', 'Nl80211', 'Nl80211NoSuchDeviceError', 'NoSuchInterfaceError', 'declarations', 'nl80211',
      'parseInformationElements', 'parseRsn', 'scanResultOf', 'wiphysFromDump',
    ]);
  });

  it('@linx/genl/devlink', async () => {
    expect(Object.keys(await import('../src/devlink/index.js')).sort()).toEqual([
      'declarations', 'devlink',
    ]);
  });

  it('@linx/genl/dpll', async () => {
    expect(Object.keys(await import('../src/dpll/index.js')).sort()).toEqual([
      'declarations', 'dpll',
    ]);
  });

  it('@linx/genl/fou', async () => {
    expect(Object.keys(await import('../src/fou/index.js')).sort()).toEqual([
      'declarations', 'fou',
    ]);
  });

  it('@linx/genl/handshake', async () => {
    expect(Object.keys(await import('../src/handshake/index.js')).sort()).toEqual([
      'declarations', 'handshake',
    ]);
  });

  it('@linx/genl/net-shaper', async () => {
    expect(Object.keys(await import('../src/net-shaper/index.js')).sort()).toEqual([
      'declarations', 'netShaper',
    ]);
  });

  it('@linx/genl/ovpn', async () => {
    expect(Object.keys(await import('../src/ovpn/index.js')).sort()).toEqual([
      'declarations', 'ovpn',
    ]);
  });

  it('@linx/genl/ovs-datapath', async () => {
    expect(Object.keys(await import('../src/ovs-datapath/index.js')).sort()).toEqual([
      'declarations', 'ovsDatapath',
    ]);
  });

  it('@linx/genl/ovs-flow', async () => {
    expect(Object.keys(await import('../src/ovs-flow/index.js')).sort()).toEqual([
      'declarations', 'ovsFlow',
    ]);
  });

  it('@linx/genl/ovs-vport', async () => {
    expect(Object.keys(await import('../src/ovs-vport/index.js')).sort()).toEqual([
      'declarations', 'ovsVport',
    ]);
  });

  it('@linx/genl/team', async () => {
    expect(Object.keys(await import('../src/team/index.js')).sort()).toEqual([
      'declarations', 'team',
    ]);
  });

  it('@linx/genl/spec', async () => {
    expect(Object.keys(await import('../src/spec/index.js')).sort()).toEqual([
      'SpecLoadError', 'loadGenlSpec', 'parseGenlSpec', 'readGeneratedModule',
    ]);
  });
});
