// tc's words read into @linx/rtnl's specs, without a kernel: what each word becomes, and the usage errors.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { parseClass } from '../src/tc-words/class.js';
import { parseFilter } from '../src/tc-words/filter.js';
import { parseQdisc } from '../src/tc-words/qdisc.js';

const split = (text: string) => text.split(' ');

describe('tc words', () => {
  it('qdisc: places, the kind, its options in rtnl\'s names; ingress/clsact are kind and place', () => {
    expect(parseQdisc('add', split('dev v0 root handle 1: htb default 0x10 r2q 5 direct_qlen 9'))).toEqual({ dev: 'v0', parent: 'root', handle: '1:', kind: 'htb', options: { default: '0x10', r2q: 5, directQlen: 9 } });
    expect(parseQdisc('add', split('dev v0 parent 1:11 tbf rate 1mbit buffer 10kb latency 70ms'))).toEqual({ dev: 'v0', parent: '1:11', kind: 'tbf', options: { rate: '1mbit', burst: '10kb', latency: '70ms' } });
    expect(parseQdisc('add', split('dev v0 clsact'))).toEqual({ dev: 'v0', parent: 'clsact', kind: 'clsact' });
    expect(parseQdisc('add', split('dev v0 root fq_codel noecn limit 100'))).toMatchObject({ options: { ecn: false, limit: 100 } });
    expect(parseQdisc('add', split('dev v0 root prio bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1'))).toMatchObject({ options: { bands: 3, priomap: [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1] } });
    expect(parseQdisc('del', split('dev v0 root'))).toEqual({ dev: 'v0', parent: 'root' });
    expect(parseQdisc('add', split('dev v0 root estimator 250ms 1s pfifo limit 10'))).toMatchObject({ estimator: { interval: '250ms', timeConstant: '1s' }, options: { limit: 10 } });
  });

  it('class: classid is the handle; htb words', () => {
    expect(parseClass('add', split('dev v0 parent 1: classid 1:10 htb rate 2mbit ceil 4mbit burst 20k cbuffer 3000 prio 1'))).toEqual({ dev: 'v0', parent: '1:', handle: '1:10', kind: 'htb', options: { rate: '2mbit', ceil: '4mbit', burst: '20k', cburst: 3000, prio: 1 } });
    expect(parseClass('del', split('dev v0 classid 1:10'))).toEqual({ dev: 'v0', handle: '1:10' });
  });

  it('filter: u32 matches, flowid, actions; flower; bpf bytecode', () => {
    expect(parseFilter('add', split('dev v0 parent 1: protocol ip pref 3 u32 match ip dst 192.168.0.0/16 match ip dport 80 0xffff match u16 0x0800 0xffff at 12 match u32 0 0 flowid 1:11 action mirred egress redirect dev v1 action drop'))).toEqual({
      dev: 'v0',
      parent: '1:',
      protocol: 'ip',
      priority: 3,
      kind: 'u32',
      options: { classid: '1:11', match: [{ ip: 'dst', prefix: '192.168.0.0/16' }, { ip: 'dport', value: 80, mask: 0xffff }, { u16: 0x800, mask: 0xffff, at: 12 }, { u32: 0, mask: 0, at: 0 }] },
      actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'v1' }, { kind: 'gact', verdict: 'drop' }],
    });
    expect(parseFilter('add', split('dev v0 ingress u32 match u32 0 0 action mirred ingress mirror dev v1 pipe'))).toMatchObject({ parent: 'ingress', actions: [{ action: 'ingress mirror', then: 'pipe' }] });
    expect(parseFilter('add', split('dev v0 ingress pref 1 flower ip_proto tcp dst_port 443 src_ip 10.0.0.0/8 skip_hw classid 1:1'))).toMatchObject({ kind: 'flower', options: { ipProto: 'tcp', dstPort: 443, srcIp: '10.0.0.0/8', skipHw: true, classid: '1:1' } });
    expect(parseFilter('add', ['dev', 'v0', 'bpf', 'bytecode', '2,40 0 0 12,6 0 0 262144', 'classid', '1:1'])).toMatchObject({ kind: 'bpf', options: { bytecode: [[40, 0, 0, 12], [6, 0, 0, 262144]], classid: '1:1' } });
    expect(parseFilter('del', split('dev v0 parent 1: pref 5'))).toEqual({ dev: 'v0', parent: '1:', priority: 5 });
  });

  it.each([
    ['qdisc', 'add', 'dev v0 root htb colour red'],
    ['qdisc', 'add', 'root htb'],
    ['qdisc', 'add', 'dev v0 root'],
    ['qdisc', 'add', 'dev v0 root netem delay 10ms'],
    ['class', 'add', 'dev v0 parent 1: htb rate 1mbit'],
    ['filter', 'add', 'dev v0 u32 match ip nothing 1 2'],
    ['filter', 'add', 'dev v0 u32 action police rate 1mbit'],
    ['filter', 'add', 'dev v0 pref 0 u32'],
    ['filter', 'add', 'dev v0 bpf bytecode 3,1 2 3 4'],
    ['filter', 'del', 'dev v0 pref 1 u32 match u32 0 0'],
  ])('tc %s %s %s is a usage error', (object, command, words) => {
    const parse = object === 'qdisc' ? parseQdisc : object === 'class' ? parseClass : parseFilter;
    expect(() => parse(command, split(words))).toThrow(UsageError);
  });
});
