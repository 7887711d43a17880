// The tc commands whose requests linx must send byte for byte as `tc` does, each with tc's words and the
// linx call for the same thing. The kernel tests (tc.live.test.ts, tc-filter.live.test.ts,
// tc-actions.live.test.ts) compare linx with `tc` traced live; tc-requests.test.ts compares linx, without
// root, with those requests as captured once (test/fixtures/tc-requests.json, which
// tc-requests.live.test.ts checks against `tc` and rewrites on request).
import { expect } from 'vitest';
import type { NetemInfo, NetemOptions, QdiscSpec, Rtnl, TcAction, TcClassSpec, TcFilterSpec } from '../../src/index.js';

/**
 * Qdisc and class commands: a name, tc's arguments, the linx spec (given v0's index), the group and verb,
 * and (where given) the size of the struct TCA_OPTIONS starts with (prio's, the fifos').
 */
export type QdiscClassCase = [name: string, args: string[], spec: (dev: number) => QdiscSpec | TcClassSpec, group: 'qdisc' | 'class', verb: 'add' | 'replace' | 'change' | 'delete', optionsHeader?: number];

export const QDISC_CLASS_CASES: QdiscClassCase[] = [
  ['qdisc add htb default 10', ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '1:', 'htb', 'default', '10'], (dev) => ({ dev, parent: 'root', handle: '1:', kind: 'htb', options: { default: '10' } }), 'qdisc', 'add'],
  ['qdisc add htb r2q 5 direct_qlen 100', ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '2:', 'htb', 'r2q', '5', 'direct_qlen', '100'], (dev) => ({ dev, handle: '2:', kind: 'htb', options: { r2q: 5, directQlen: 100 } }), 'qdisc', 'add'],
  ['qdisc add tbf latency', ['qdisc', 'add', 'dev', 'v0', 'root', 'tbf', 'rate', '1mbit', 'burst', '10kb', 'latency', '50ms'], (dev) => ({ dev, kind: 'tbf', options: { rate: '1mbit', burst: '10kb', latency: '50ms' } }), 'qdisc', 'add'],
  ['qdisc replace tbf peakrate', ['qdisc', 'replace', 'dev', 'v0', 'root', 'tbf', 'rate', '2mbit', 'burst', '20000', 'limit', '30kb', 'peakrate', '4mbit', 'mtu', '1600'], (dev) => ({ dev, kind: 'tbf', options: { rate: '2mbit', burst: 20000, limit: '30kb', peakrate: '4mbit', mtu: 1600 } }), 'qdisc', 'replace'],
  ['qdisc change tbf 64-bit rate', ['qdisc', 'change', 'dev', 'v0', 'root', 'tbf', 'rate', '50gbit', 'burst', '1mb', 'limit', '2mb'], (dev) => ({ dev, kind: 'tbf', options: { rate: '50gbit', burst: '1mb', limit: '2mb' } }), 'qdisc', 'change'],
  ['qdisc add pfifo limit', ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '5:', 'pfifo', 'limit', '77'], (dev) => ({ dev, handle: '5:', kind: 'pfifo', options: { limit: 77 } }), 'qdisc', 'add', 4],
  ['qdisc add bfifo', ['qdisc', 'add', 'dev', 'v0', 'root', 'bfifo'], (dev) => ({ dev, kind: 'bfifo' }), 'qdisc', 'add'],
  ['qdisc add clsact', ['qdisc', 'add', 'dev', 'v0', 'clsact'], (dev) => ({ dev, kind: 'clsact' }), 'qdisc', 'add'],
  ['qdisc add ingress', ['qdisc', 'add', 'dev', 'v0', 'ingress'], (dev) => ({ dev, kind: 'ingress' }), 'qdisc', 'add'],
  ['qdisc del root', ['qdisc', 'del', 'dev', 'v0', 'root'], (dev) => ({ dev, parent: 'root' }) as QdiscSpec, 'qdisc', 'delete'],
  ['qdisc add with an estimator', ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '9:', 'estimator', '250ms', '1sec', 'pfifo'], (dev) => ({ dev, handle: '9:', kind: 'pfifo', estimator: { interval: '250ms', timeConstant: '1sec' } }), 'qdisc', 'add'],
  ['qdisc replace with an estimator', ['qdisc', 'replace', 'dev', 'v0', 'root', 'estimator', '1s', '8s', 'tbf', 'rate', '1mbit', 'burst', '10kb', 'limit', '20kb'], (dev) => ({ dev, kind: 'tbf', estimator: { interval: '1s', timeConstant: '8s' }, options: { rate: '1mbit', burst: '10kb', limit: '20kb' } }), 'qdisc', 'replace'],
  ['class add with an estimator', ['class', 'add', 'dev', 'v0', 'parent', '1:', 'classid', '1:5', 'estimator', '500ms', '4s', 'htb', 'rate', '2mbit'], (dev) => ({ dev, parent: '1:', handle: '1:5', kind: 'htb', estimator: { interval: '500ms', timeConstant: '4s' }, options: { rate: '2mbit' } }), 'class', 'add'],
  ['qdisc add fq_codel (no options: an empty TCA_OPTIONS)', ['qdisc', 'add', 'dev', 'v0', 'root', 'fq_codel'], (dev) => ({ dev, kind: 'fq_codel' }), 'qdisc', 'add'],
  ['qdisc add fq_codel with options', ['qdisc', 'add', 'dev', 'v0', 'root', 'fq_codel', 'limit', '2000', 'target', '3ms', 'interval', '50ms', 'flows', '512', 'quantum', '1000', 'ecn'], (dev) => ({ dev, kind: 'fq_codel', options: { limit: 2000, target: '3ms', interval: '50ms', flows: 512, quantum: 1000, ecn: true } }), 'qdisc', 'add'],
  ['qdisc replace fq_codel noecn ce_threshold memory_limit drop_batch', ['qdisc', 'replace', 'dev', 'v0', 'root', 'fq_codel', 'noecn', 'ce_threshold', '1ms', 'memory_limit', '16mb', 'drop_batch', '32'], (dev) => ({ dev, kind: 'fq_codel', options: { ecn: false, ceThreshold: '1ms', memoryLimit: '16mb', dropBatch: 32 } }), 'qdisc', 'replace'],
  ['qdisc add cake', ['qdisc', 'add', 'dev', 'v0', 'root', 'cake'], (dev) => ({ dev, kind: 'cake', options: {} }) as QdiscSpec, 'qdisc', 'add'],
  ['qdisc add cake bandwidth 100mbit rtt 50ms besteffort nat wash ack-filter overhead 18 mpu 64 diffserv4 dual-srchost', ['qdisc', 'add', 'dev', 'v0', 'root', 'cake', 'bandwidth', '100mbit', 'rtt', '50ms', 'besteffort', 'nat', 'wash', 'ack-filter', 'overhead', '18', 'mpu', '64', 'diffserv4', 'dual-srchost'], (dev) => ({ dev, kind: 'cake', options: { bandwidth: '100mbit', rtt: '50ms', nat: true, wash: true, ackFilter: true, overhead: 18, mpu: 64, diffserv: 'diffserv4', flowMode: 'dual-srchost' } }) as QdiscSpec, 'qdisc', 'add'],
  ['qdisc add cake diffserv3', ['qdisc', 'add', 'dev', 'v0', 'root', 'cake', 'diffserv3'], (dev) => ({ dev, kind: 'cake', options: { diffserv: 'diffserv3' } }) as QdiscSpec, 'qdisc', 'add'],
  ['qdisc add cake unlimited', ['qdisc', 'add', 'dev', 'v0', 'root', 'cake', 'unlimited'], (dev) => ({ dev, kind: 'cake', options: { bandwidth: 'unlimited' } }) as QdiscSpec, 'qdisc', 'add'],
  ['qdisc add cake bandwidth 1gbit autorate-ingress', ['qdisc', 'add', 'dev', 'v0', 'root', 'cake', 'bandwidth', '1gbit', 'autorate-ingress'], (dev) => ({ dev, kind: 'cake', options: { bandwidth: '1gbit', autorateIngress: true } }) as QdiscSpec, 'qdisc', 'add'],
  ['qdisc add cake rtt 100ms', ['qdisc', 'add', 'dev', 'v0', 'root', 'cake', 'rtt', '100ms'], (dev) => ({ dev, kind: 'cake', options: { rtt: '100ms' } }) as QdiscSpec, 'qdisc', 'add'],
  ['qdisc add cake flows nonat nowash no-ack-filter split-gso egress', ['qdisc', 'add', 'dev', 'v0', 'root', 'cake', 'flows', 'nonat', 'nowash', 'no-ack-filter', 'split-gso', 'egress'], (dev) => ({ dev, kind: 'cake', options: { flowMode: 'flows', nat: false, wash: false, ackFilter: false, splitGso: true, ingress: false } }) as QdiscSpec, 'qdisc', 'add'],
  ['qdisc add cake ack-filter-aggressive ingress memlimit 32mb fwmark 0xff', ['qdisc', 'add', 'dev', 'v0', 'root', 'cake', 'ack-filter-aggressive', 'ingress', 'memlimit', '32mb', 'fwmark', '0xff'], (dev) => ({ dev, kind: 'cake', options: { ackFilter: 'aggressive', ingress: true, memlimit: '32mb', fwmark: 0xff } }) as QdiscSpec, 'qdisc', 'add'],
  ['qdisc add cake atm overhead -10', ['qdisc', 'add', 'dev', 'v0', 'root', 'cake', 'atm', 'overhead', '-10'], (dev) => ({ dev, kind: 'cake', options: { atm: 'atm', overhead: -10 } }) as QdiscSpec, 'qdisc', 'add'],
  ['qdisc add cake mpu 64 noatm', ['qdisc', 'add', 'dev', 'v0', 'root', 'cake', 'mpu', '64', 'noatm'], (dev) => ({ dev, kind: 'cake', options: { mpu: 64, atm: 'none' } }) as QdiscSpec, 'qdisc', 'add'],
  ['qdisc add cake triple-isolate precedence', ['qdisc', 'add', 'dev', 'v0', 'root', 'cake', 'triple-isolate', 'precedence'], (dev) => ({ dev, kind: 'cake', options: { flowMode: 'triple-isolate', diffserv: 'precedence' } }) as QdiscSpec, 'qdisc', 'add'],
  ['qdisc add fq (no options)', ['qdisc', 'add', 'dev', 'v0', 'root', 'fq'], (dev) => ({ dev, kind: 'fq' }), 'qdisc', 'add'],
  ['qdisc add fq with options', 'qdisc add dev v0 root fq limit 5000 flow_limit 50 quantum 3000 initial_quantum 15000 maxrate 10mbit buckets 2048 pacing refill_delay 50ms orphan_mask 511 low_rate_threshold 1mbit ce_threshold 2ms timer_slack 20us horizon 5s horizon_drop'.split(' '), (dev) => ({ dev, kind: 'fq', options: { limit: 5000, flowLimit: 50, quantum: 3000, initialQuantum: 15000, maxRate: '10mbit', buckets: 2048, pacing: true, refillDelay: '50ms', orphanMask: 511, lowRateThreshold: '1mbit', ceThreshold: '2ms', timerSlack: '20us', horizon: '5s', horizonDrop: true } }), 'qdisc', 'add'],
  ['qdisc change fq nopacing horizon_cap', ['qdisc', 'change', 'dev', 'v0', 'root', 'fq', 'nopacing', 'horizon_cap'], (dev) => ({ dev, kind: 'fq', options: { pacing: false, horizonDrop: false } }), 'qdisc', 'change'],
  ['qdisc add prio', ['qdisc', 'add', 'dev', 'v0', 'root', 'handle', '3:', 'prio'], (dev) => ({ dev, handle: '3:', kind: 'prio' }), 'qdisc', 'add', 20],
  ['qdisc add mq', 'qdisc add dev v0 root handle 1: mq'.split(' '), (dev) => ({ dev, handle: '1:', kind: 'mq' }), 'qdisc', 'add'],
  ['qdisc add prio bands priomap', 'qdisc add dev v0 root prio bands 4 priomap 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3'.split(' '), (dev) => ({ dev, kind: 'prio', options: { bands: 4, priomap: [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3] } }), 'qdisc', 'add', 20],
  ['qdisc add sfq (no options: no TCA_OPTIONS)', ['qdisc', 'add', 'dev', 'v0', 'root', 'sfq'], (dev) => ({ dev, kind: 'sfq' }), 'qdisc', 'add'],
  ['qdisc add sfq with options', 'qdisc add dev v0 root sfq perturb 10 quantum 1514 limit 100 divisor 2048 flows 64 depth 50 headdrop'.split(' '), (dev) => ({ dev, kind: 'sfq', options: { perturb: 10, quantum: 1514, limit: 100, divisor: 2048, flows: 64, depth: 50, headdrop: true } }), 'qdisc', 'add', 72],
  ['qdisc replace sfq perturb', ['qdisc', 'replace', 'dev', 'v0', 'root', 'sfq', 'perturb', '5'], (dev) => ({ dev, kind: 'sfq', options: { perturb: 5 } }), 'qdisc', 'replace', 72],
  ['qdisc add red with everything', 'qdisc add dev v0 root red limit 400000 min 30000 max 90000 avpkt 1000 burst 55 probability 0.02 bandwidth 10mbit ecn'.split(' '), (dev) => ({ dev, kind: 'red', options: { limit: 400000, min: 30000, max: 90000, avpkt: 1000, burst: 55, probability: 0.02, bandwidth: '10mbit', ecn: true } }), 'qdisc', 'add'],
  ['qdisc add red with tc\'s defaults', 'qdisc add dev v0 root red limit 100000 max 30000 avpkt 1000 bandwidth 1mbit'.split(' '), (dev) => ({ dev, kind: 'red', options: { limit: 100000, max: 30000, avpkt: 1000, bandwidth: '1mbit' } }), 'qdisc', 'add'],
  ['qdisc replace red sizes harddrop adaptive', 'qdisc replace dev v0 root red limit 60kb min 10kb max 30kb avpkt 1500 probability 0.1 harddrop adaptive'.split(' '), (dev) => ({ dev, kind: 'red', options: { limit: '60kb', min: '10kb', max: '30kb', avpkt: 1500, probability: 0.1, harddrop: true, adaptive: true } }), 'qdisc', 'replace'],
  ['qdisc add red, max from min (tc: 3 × min)', 'qdisc add dev v0 root red limit 100000 min 20000 avpkt 1000'.split(' '), (dev) => ({ dev, kind: 'red', options: { limit: 100000, min: 20000, avpkt: 1000 } }), 'qdisc', 'add'],
  ['qdisc add red, min equal to max (no probability log)', 'qdisc add dev v0 root red limit 60000 min 10000 max 10000 avpkt 1000 burst 20'.split(' '), (dev) => ({ dev, kind: 'red', options: { limit: 60000, min: 10000, max: 10000, avpkt: 1000, burst: 20 } }), 'qdisc', 'add'],
  ['qdisc add red, probability 0.5, a slow link, nodrop', 'qdisc add dev v0 root red limit 200000 min 20000 max 60000 avpkt 1500 probability 0.5 bandwidth 100kbit nodrop'.split(' '), (dev) => ({ dev, kind: 'red', options: { limit: 200000, min: 20000, max: 60000, avpkt: 1500, probability: 0.5, bandwidth: '100kbit', nodrop: true } }), 'qdisc', 'add'],
  ['qdisc add red, a fast link', 'qdisc add dev v0 root red limit 1000000 min 100000 max 300000 avpkt 1000 burst 150 bandwidth 1gbit'.split(' '), (dev) => ({ dev, kind: 'red', options: { limit: 1000000, min: 100000, max: 300000, avpkt: 1000, burst: 150, bandwidth: '1gbit' } }), 'qdisc', 'add'],
  ['qdisc add tbf latency with a peak rate (the smaller limit)', 'qdisc add dev v0 root tbf rate 1mbit burst 10kb latency 50ms peakrate 2mbit mtu 2000'.split(' '), (dev) => ({ dev, kind: 'tbf', options: { rate: '1mbit', burst: '10kb', latency: '50ms', peakrate: '2mbit', mtu: 2000 } }), 'qdisc', 'add'],
  ['qdisc add tbf peak rate past 32 bits, mpu, overhead', 'qdisc add dev v0 root tbf rate 40gbit burst 1mb limit 2mb peakrate 50gbit mtu 64kb mpu 64 overhead 14'.split(' '), (dev) => ({ dev, kind: 'tbf', options: { rate: '40gbit', burst: '1mb', limit: '2mb', peakrate: '50gbit', mtu: '64kb', mpu: 64, overhead: 14 } }), 'qdisc', 'add'],
  ['class add htb default ceil and bursts, 64-bit ceil only', 'class add dev v0 parent 1: classid 1:40 htb rate 1gbit ceil 40gbit'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:40', kind: 'htb', options: { rate: '1gbit', ceil: '40gbit' } }), 'class', 'add'],
  ['class add htb prio 7 mtu 2000 mpu 100', 'class add dev v0 parent 1: classid 1:41 htb rate 500kbit prio 7 mtu 2000 mpu 100'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:41', kind: 'htb', options: { rate: '500kbit', prio: 7, mtu: 2000, mpu: 100 } }), 'class', 'add'],
  ['class add htb', ['class', 'add', 'dev', 'v0', 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '1mbit', 'ceil', '2mbit', 'burst', '15k', 'cburst', '3000', 'prio', '2', 'quantum', '1500'], (dev) => ({ dev, parent: '1:', handle: '1:10', kind: 'htb', options: { rate: '1mbit', ceil: '2mbit', burst: '15k', cburst: 3000, prio: 2, quantum: 1500 } }), 'class', 'add'],
  ['class change htb 64-bit', ['class', 'change', 'dev', 'v0', 'parent', '1:1', 'classid', '1:20', 'htb', 'rate', '5gbit', 'ceil', '10gbit'], (dev) => ({ dev, parent: '1:1', handle: '1:20', kind: 'htb', options: { rate: '5gbit', ceil: '10gbit' } }), 'class', 'change'],
  ['class replace htb mtu mpu overhead', ['class', 'replace', 'dev', 'v0', 'parent', '1:', 'classid', '1:30', 'htb', 'rate', '100kbit', 'mtu', '9000', 'mpu', '64', 'overhead', '4'], (dev) => ({ dev, parent: '1:', handle: '1:30', kind: 'htb', options: { rate: '100kbit', mtu: 9000, mpu: 64, overhead: 4 } }), 'class', 'replace'],
  ['class del', ['class', 'del', 'dev', 'v0', 'classid', '1:30'], (dev) => ({ dev, handle: '1:30' }) as TcClassSpec, 'class', 'delete'],
  ['class add drr quantum', 'class add dev v0 parent 1: classid 1:1 drr quantum 1500'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:1', kind: 'drr', options: { quantum: 1500 } }), 'class', 'add'],
  ['class add drr (no options: an empty TCA_OPTIONS)', 'class add dev v0 parent 1: classid 1:1 drr'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:1', kind: 'drr' }), 'class', 'add'],
  ['class change drr quantum as a size', 'class change dev v0 parent 1: classid 1:1 drr quantum 2k'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:1', kind: 'drr', options: { quantum: '2k' } }), 'class', 'change'],
  ['class add qfq weight maxpkt', 'class add dev v0 parent 1: classid 1:2 qfq weight 10 maxpkt 2048'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:2', kind: 'qfq', options: { weight: 10, maxPacket: 2048 } }), 'class', 'add'],
  ['class replace qfq weight', 'class replace dev v0 parent 1: classid 1:2 qfq weight 3'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:2', kind: 'qfq', options: { weight: 3 } }), 'class', 'replace'],
  ['qdisc add hfsc default (hexadecimal)', 'qdisc add dev v0 root handle 1: hfsc default 1f'.split(' '), (dev) => ({ dev, handle: '1:', kind: 'hfsc', options: { default: '1f' } }), 'qdisc', 'add', 2],
  ['qdisc add hfsc (no default)', 'qdisc add dev v0 root handle 1: hfsc'.split(' '), (dev) => ({ dev, handle: '1:', kind: 'hfsc' }), 'qdisc', 'add', 2],
  ['class add hfsc sc ul', 'class add dev v0 parent 1: classid 1:1 hfsc sc rate 1mbit ul rate 2mbit'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:1', kind: 'hfsc', options: { sc: { rate: '1mbit' }, ul: { rate: '2mbit' } } }), 'class', 'add'],
  ['class add hfsc rt m1 d m2', 'class add dev v0 parent 1: classid 1:1 hfsc rt m1 2mbit d 10ms m2 1mbit'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:1', kind: 'hfsc', options: { rt: { m1: '2mbit', d: '10ms', m2: '1mbit' } } }), 'class', 'add'],
  ['class add hfsc rt umax dmax rate (concave, m1 rounded up)', 'class add dev v0 parent 1: classid 1:1 hfsc rt umax 1000 dmax 3ms rate 1mbit'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:1', kind: 'hfsc', options: { rt: { umax: 1000, dmax: '3ms', rate: '1mbit' } } }), 'class', 'add'],
  ['class add hfsc ls umax dmax rate (convex, d rounded up)', 'class add dev v0 parent 1: classid 1:1 hfsc ls umax 1000 dmax 30ms rate 3mbit'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:1', kind: 'hfsc', options: { ls: { umax: 1000, dmax: '30ms', rate: '3mbit' } } }), 'class', 'add'],
  ['class change hfsc ls ul m2', 'class change dev v0 parent 1: classid 1:1 hfsc ls rate 1mbit ul m2 3mbit'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:1', kind: 'hfsc', options: { ls: { rate: '1mbit' }, ul: { m2: '3mbit' } } }), 'class', 'change'],
  ['class replace hfsc rt m1 0 and ls 10gbit', 'class replace dev v0 parent 1: classid 1:1 hfsc rt m1 0 d 0 m2 1mbit ls rate 10gbit'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:1', kind: 'hfsc', options: { rt: { m1: 0, d: 0, m2: '1mbit' }, ls: { rate: '10gbit' } } }), 'class', 'replace'],
  ['class add qfq (no options)', 'class add dev v0 parent 1: classid 1:2 qfq'.split(' '), (dev) => ({ dev, parent: '1:', handle: '1:2', kind: 'qfq' }), 'class', 'add'],
];

/** netem commands (`tc qdisc add dev v0 root netem …`): a name, tc's words after netem, linx's options, and some of what they mean as listed. */
export const NETEM_CASES: [name: string, command: string, options: NetemOptions, meaning: Partial<NetemInfo>][] = [
  ['delay', 'delay 10ms', { delay: '10ms' }, { delay: 10_000, limit: 1000 }],
  ['delay, jitter, correlation, loss, limit', 'delay 10ms 2ms 25% loss 1% limit 2000', { delay: '10ms', jitter: '2ms', delayCorrelation: '25%', loss: '1%', limit: 2000 }, { delay: 10_000, jitter: 2000, limit: 2000 }],
  ['loss with correlation, duplicate, corrupt, reorder with gap', 'loss 0.5% 25% duplicate 1% corrupt 0.1% reorder 10% 50% gap 5 delay 5ms', { loss: 0.5, lossCorrelation: 25, duplicate: 1, corrupt: '0.1%', reorder: '10%', reorderCorrelation: '50%', gap: 5, delay: 5000 }, { gap: 5, delay: 5000 }],
  ['reorder without gap (tc makes it 1)', 'delay 1ms reorder 25%', { delay: '1ms', reorder: 25 }, { gap: 1, delay: 1000 }],
  ['rate', 'rate 1mbit delay 1ms', { rate: '1mbit', delay: '1ms' }, { rate: 125_000 }],
  ['64-bit rate with overheads', 'rate 50gbit 20 100 -5', { rate: '50gbit', packetOverhead: 20, cellSize: 100, cellOverhead: -5 }, { rate: 6.25e9, packetOverhead: 20, cellSize: 100, cellOverhead: -5 }],
  ['slot with limits, ecn', 'slot 1ms 2ms packets 10 bytes 2000 ecn loss 5%', { slot: { min: '1ms', max: '2ms', packets: 10, bytes: 2000 }, ecn: true, loss: '5%' }, { ecn: true, slot: { min: 1000, max: 2000, packets: 10, bytes: 2000 } }],
  ['slot alone', 'slot 1ms', { slot: { min: '1ms' } }, { slot: { min: 1000, max: 1000, packets: 0, bytes: 0 } }],
  ['a long delay', 'delay 20s', { delay: '20s' }, { delay: 20_000_000 }],
  ['the 4-state loss model', 'loss state 1% 10% 70% 0.1% 0.5%', { lossModel: { model: 'state', p13: '1%', p31: '10%', p32: '70%', p23: '0.1%', p14: '0.5%' } }, {}],
  ['the 4-state loss model with tc\'s defaults, and ecn', 'loss state 2% ecn', { lossModel: { model: 'state', p13: 2 }, ecn: true }, { ecn: true }],
  ['Gilbert-Elliott', 'loss gemodel 1% 10% 70% 0.1%', { lossModel: { model: 'gemodel', p: '1%', r: '10%', oneMinusH: '70%', oneMinusK: '0.1%' } }, {}],
  ['a delay and jitter near the u32 of ticks (tc refuses 300s)', 'delay 250s 10s', { delay: '250s', jitter: '10s' }, { delay: 250_000_000, jitter: 10_000_000 }],
  ['corrupt with correlation, duplicate with correlation', 'corrupt 2% 10% duplicate 3% 20%', { corrupt: 2, corruptCorrelation: 10, duplicate: 3, duplicateCorrelation: 20 }, { corrupt: expect.closeTo(2, 6), corruptCorrelation: expect.closeTo(10, 6), duplicate: expect.closeTo(3, 6), duplicateCorrelation: expect.closeTo(20, 6) }],
  ['limit 0', 'limit 0 delay 1ms', { limit: 0, delay: '1ms' }, { limit: 0, delay: 1000 }],
  ['Gilbert-Elliott with tc\'s defaults', 'loss gemodel 3%', { lossModel: { model: 'gemodel', p: 3 } }, {}],
];

/** Filter, chain and shared action commands: a name, tc's arguments, the linx spec (given v0's name) and the verb. */
export type FilterCaseVerb = 'add' | 'replace' | 'change' | 'delete' | 'chainAdd' | 'chainDel' | 'actionAdd' | 'actionReplace' | 'actionDel';
export const FILTER_CASES: [name: string, command: string | string[], spec: (dev: string) => TcFilterSpec | Parameters<Rtnl['tc']['filters']['delete']>[0], verb: FilterCaseVerb][] = [
  ['u32 match ip dst, flowid', 'filter add dev v0 parent 1: protocol ip prio 10 u32 match ip dst 10.0.0.0/8 flowid 1:10', (dev) => ({ dev, parent: '1:', protocol: 'ip', priority: 10, kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }], classid: '1:10' } }), 'add'],
  ['u32 src, protocol, sport+dport merged', 'filter add dev v0 parent 1: protocol ip prio 3 u32 match ip src 192.168.1.7/32 match ip protocol 17 0xff match ip sport 53 0xffff match ip dport 1000 0xffff classid 1:2', (dev) => ({ dev, parent: '1:', protocol: 'ip', priority: 3, kind: 'u32', options: { match: [{ ip: 'src', prefix: '192.168.1.7/32' }, { ip: 'protocol', value: 17 }, { ip: 'sport', value: 53 }, { ip: 'dport', value: 1000 }], classid: '1:2' } }), 'add'],
  ['u32 raw u32/u16/u8 keys, no classid', 'filter add dev v0 parent 1: prio 4 u32 match u32 0x11223344 0xffffffff at 12 match u16 0x0800 0xffff at 2 match u8 0x45 0xf0 at 0', (dev) => ({ dev, parent: '1:', priority: 4, kind: 'u32', options: { match: [{ u32: 0x11223344, mask: 0xffffffff, at: 12 }, { u16: 0x0800, mask: 0xffff, at: 2 }, { u8: 0x45, mask: 0xf0, at: 0 }] } }), 'add'],
  ['u32 hash table', 'filter add dev v0 parent 1: prio 5 handle 2: protocol ip u32 divisor 256', (dev) => ({ dev, parent: '1:', priority: 5, protocol: 'ip', handle: '2:', kind: 'u32', options: { divisor: 256 } }), 'add'],
  ['u32 link into a table', 'filter add dev v0 parent 1: prio 5 protocol ip u32 link 2: match ip dst 10.1.0.0/16', (dev) => ({ dev, parent: '1:', priority: 5, protocol: 'ip', kind: 'u32', options: { link: '2:', match: [{ ip: 'dst', prefix: '10.1.0.0/16' }] } }), 'add'],
  ['u32 in chain 3 with a handle, replace', 'filter replace dev v0 parent 1: prio 7 chain 3 handle 800::5 protocol ip u32 match ip tos 0x10 0xff flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 7, chain: 3, handle: '800::5', protocol: 'ip', kind: 'u32', options: { match: [{ ip: 'tos', value: 0x10 }], classid: '1:1' } }), 'replace'],
  ['u32 with mirred egress redirect', 'filter add dev v0 parent 1: protocol ip prio 10 u32 match ip dst 10.0.0.0/8 flowid 1:10 action mirred egress redirect dev v1', (dev) => ({ dev, parent: '1:', protocol: 'ip', priority: 10, kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }], classid: '1:10' }, actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'v1' }] }), 'add'],
  ['u32 on clsact ingress with mirred ingress mirror pipe, gact drop', 'filter add dev v0 ingress prio 1 u32 match u32 0 0 action mirred ingress mirror dev v1 pipe action drop', (dev) => ({ dev, parent: 'ingress', priority: 1, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] }, actions: [{ kind: 'mirred', action: 'ingress mirror', dev: 'v1', then: 'pipe' }, { kind: 'gact', verdict: 'drop' }] }), 'add'],
  ['gact random determ', 'filter add dev v0 egress prio 2 u32 match u32 0 0 action pass random determ drop 10', (dev) => ({ dev, parent: 'egress', priority: 2, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] }, actions: [{ kind: 'gact', verdict: 'pass', random: { type: 'determ', verdict: 'drop', value: 10 } }] }), 'add'],
  ['bpf classic bytecode, classid', ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'prio', '8', 'bpf', 'bytecode', '4,40 0 0 12,21 0 1 2048,6 0 0 65535,6 0 0 0', 'classid', '1:3'], (dev) => ({ dev, parent: '1:', priority: 8, kind: 'bpf', options: { bytecode: [[40, 0, 0, 12], [21, 0, 1, 2048], [6, 0, 0, 65535], [6, 0, 0, 0]], classid: '1:3' } }), 'add'],
  ['matchall (lacking here) with skip_hw and mirred', 'filter add dev v0 ingress matchall skip_hw action mirred egress redirect dev v1', (dev) => ({ dev, parent: 'ingress', kind: 'matchall', options: { skipHw: true }, actions: [{ kind: 'mirred', action: 'egress redirect', dev: 'v1' }] }), 'add'],
  ['flower (lacking here) ip tcp prefixes port classid skip_hw', 'filter add dev v0 ingress protocol ip prio 3 flower skip_hw ip_proto tcp dst_ip 10.0.0.0/8 src_ip 192.168.1.1 dst_port 443 classid 1:1', (dev) => ({ dev, parent: 'ingress', protocol: 'ip', priority: 3, kind: 'flower', options: { skipHw: true, ipProto: 'tcp', dstIp: '10.0.0.0/8', srcIp: '192.168.1.1', dstPort: 443, classid: '1:1' } }), 'add'],
  ['flower ipv6 udp with gact drop', 'filter add dev v0 egress protocol ipv6 prio 4 flower ip_proto udp src_ip 2001:db8::/32 src_port 53 action drop', (dev) => ({ dev, parent: 'egress', protocol: 'ipv6', priority: 4, kind: 'flower', options: { ipProto: 'udp', srcIp: '2001:db8::/32', srcPort: 53 }, actions: [{ kind: 'gact', verdict: 'drop' }] }), 'add'],
  ['flower, no keys, all protocols', 'filter add dev v0 ingress flower skip_sw classid 1:5', (dev) => ({ dev, parent: 'ingress', kind: 'flower', options: { skipSw: true, classid: '1:5' } }), 'add'],
  ['delete one u32 filter by handle', 'filter del dev v0 parent 1: prio 10 handle 800::800 protocol ip u32', (dev) => ({ dev, parent: '1:', priority: 10, handle: '800::800', protocol: 'ip', kind: 'u32' }), 'delete'],
  ['chain add', 'chain add dev v0 parent 1: chain 5', (dev) => ({ dev, parent: '1:', chain: 5 }) as never, 'chainAdd'],
  ['chain del', 'chain del dev v0 parent 1: chain 9', (dev) => ({ dev, parent: '1:', chain: 9 }) as never, 'chainDel'],
  ['actions add mirred', 'actions add action mirred egress mirror dev v1 index 5', () => ({ kind: 'mirred', action: 'egress mirror', dev: 'v1', index: 5 }) as never, 'actionAdd'],
  ['actions replace mirred', 'actions replace action mirred egress redirect dev v1 index 7', () => ({ kind: 'mirred', action: 'egress redirect', dev: 'v1', index: 7 }) as never, 'actionReplace'],
  ['actions del mirred', 'actions del action mirred index 5', () => ({ kind: 'mirred', index: 5 }) as never, 'actionDel'],
  ['u32 on a shared block', 'filter add block 22 prio 2 protocol ip u32 match ip dst 10.9.0.0/16', () => ({ block: 22, priority: 2, protocol: 'ip', kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.9.0.0/16' }] } }), 'add'],
  ['u32 change by handle', 'filter change dev v0 parent 1: protocol ip prio 10 handle 800::5 u32 match ip dst 10.0.0.0/8 flowid 1:20', (dev) => ({ dev, parent: '1:', protocol: 'ip', priority: 10, handle: '800::5', kind: 'u32', options: { match: [{ ip: 'dst', prefix: '10.0.0.0/8' }], classid: '1:20' } }), 'change'],
  ['u32 into a hash table bucket (ht)', 'filter add dev v0 parent 1: prio 5 protocol ip u32 ht 2:3 match ip src 1.2.3.4/32 flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 5, protocol: 'ip', kind: 'u32', options: { hashTable: '2:3', match: [{ ip: 'src', prefix: '1.2.3.4/32' }], classid: '1:1' } }), 'add'],
  ['u32 match ip6 dst /32 and src /128', 'filter add dev v0 parent 1: prio 1 protocol ipv6 u32 match ip6 dst 2001:db8::/32 match ip6 src 2001:db8:1::1/128 flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ipv6', kind: 'u32', options: { match: [{ ip6: 'dst', prefix: '2001:db8::/32' }, { ip6: 'src', prefix: '2001:db8:1::1/128' }], classid: '1:1' } }), 'add'],
  ['u32 match ip6 protocol, dport, priority', 'filter add dev v0 parent 1: prio 1 protocol ipv6 u32 match ip6 protocol 6 0xff match ip6 dport 22 0xffff match ip6 priority 0x10 0xff flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ipv6', kind: 'u32', options: { match: [{ ip6: 'protocol', value: 6 }, { ip6: 'dport', value: 22 }, { ip6: 'priority', value: 0x10 }], classid: '1:1' } }), 'add'],
  ['u32 match ip6 flowlabel, sport masked', 'filter add dev v0 parent 1: prio 2 protocol ipv6 u32 match ip6 flowlabel 0x12345 0xfffff match ip6 sport 1024 0xfc00', (dev) => ({ dev, parent: '1:', priority: 2, protocol: 'ipv6', kind: 'u32', options: { match: [{ ip6: 'flowlabel', value: 0x12345 }, { ip6: 'sport', value: 1024, mask: 0xfc00 }] } }), 'add'],
  ['u32 raw key at nexthdr+0', 'filter add dev v0 parent 1: prio 1 protocol ip u32 match u32 0x00500000 0xffff0000 at nexthdr+0 flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { match: [{ u32: 0x0050_0000, mask: 0xffff_0000, at: 0, nexthdr: true }], classid: '1:1' } }), 'add'],
  ['u32 match tcp dst and udp src (merged at nexthdr+0)', 'filter add dev v0 parent 1: prio 1 protocol ip u32 match tcp dst 80 0xffff match udp src 53 0xffff flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { match: [{ tcp: 'dst', value: 80 }, { udp: 'src', value: 53 }], classid: '1:1' } }), 'add'],
  ['u32 match icmp type and code', 'filter add dev v0 parent 1: prio 1 protocol ip u32 match icmp type 8 0xff match icmp code 0 0xff flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { match: [{ icmp: 'type', value: 8 }, { icmp: 'code', value: 0 }], classid: '1:1' } }), 'add'],
  ['u32 offset at/mask/shift, eat, link', 'filter add dev v0 parent 1: prio 1 protocol ip u32 match ip protocol 6 0xff offset at 0 mask 0x0f00 shift 6 eat link 1:', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { match: [{ ip: 'protocol', value: 6 }], offset: { at: 0, mask: 0x0f00, shift: 6, eat: true }, link: '1:' } }), 'add'],
  ['u32 offset plus', 'filter add dev v0 parent 1: prio 1 protocol ip u32 match ip protocol 17 0xff offset plus 20 link 1:', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { match: [{ ip: 'protocol', value: 17 }], offset: { plus: 20 }, link: '1:' } }), 'add'],
  ['u32 hashkey into a linked table', 'filter add dev v0 parent 1: prio 1 protocol ip u32 ht 800:: match ip src 10.0.0.0/8 hashkey mask 0x000000ff at 12 link 2:', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { hashTable: '800::', match: [{ ip: 'src', prefix: '10.0.0.0/8' }], hashkey: { mask: 0xff, at: 12 }, link: '2:' } }), 'add'],
  ['flower MACs (one masked), ip tos/ttl, tcp flags', 'filter add dev v0 ingress prio 1 protocol ip flower dst_mac 02:00:00:00:00:01 src_mac 02:00:00:00:00:02/ff:ff:ff:00:00:00 ip_tos 0x10/0xfc ip_ttl 64 ip_proto tcp tcp_flags 0x2/0x12 classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'ip', kind: 'flower', options: { ethDst: '02:00:00:00:00:01', ethSrc: '02:00:00:00:00:02/ff:ff:ff:00:00:00', ipTos: { value: 0x10, mask: 0xfc }, ipTtl: 64, ipProto: 'tcp', tcpFlags: { value: 0x2, mask: 0x12 }, classid: '1:1' } }), 'add'],
  ['flower vlan id, prio, inner EtherType', 'filter add dev v0 ingress prio 1 protocol 802.1q flower vlan_id 100 vlan_prio 3 vlan_ethtype ip dst_ip 10.0.0.1 classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: '802.1q', kind: 'flower', options: { vlanId: 100, vlanPrio: 3, vlanEthType: 'ip', dstIp: '10.0.0.1', classid: '1:1' } }), 'add'],
  ['flower ct_state, ct_zone, ct_mark', 'filter add dev v0 ingress prio 1 protocol ip flower ct_state +trk+est-new ct_zone 5 ct_mark 0x10/0xff classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'ip', kind: 'flower', options: { ctState: '+trk+est-new', ctZone: 5, ctMark: { value: 0x10, mask: 0xff }, classid: '1:1' } }), 'add'],
  ['flower enc_* IPv4 tunnel keys', 'filter add dev v0 ingress prio 1 protocol ip flower enc_dst_ip 10.0.0.1 enc_src_ip 10.0.0.2 enc_key_id 42 enc_dst_port 4789 enc_tos 0x10 enc_ttl 64 classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'ip', kind: 'flower', options: { encDstIp: '10.0.0.1', encSrcIp: '10.0.0.2', encKeyId: 42, encDstPort: 4789, encTos: 0x10, encTtl: 64, classid: '1:1' } }), 'add'],
  ['u32 ht sample ip dst /32 (bucket 5 of 256)', 'filter add dev v0 parent 1: prio 1 protocol ip u32 ht 2: sample ip dst 10.0.0.5/32 match ip dst 10.0.0.5/32 flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { hashTable: '2:', sample: { match: { ip: 'dst', prefix: '10.0.0.5/32' } }, match: [{ ip: 'dst', prefix: '10.0.0.5/32' }], classid: '1:1' } }), 'add'],
  ['u32 ht sample ip src divisor 16', 'filter add dev v0 parent 1: prio 1 protocol ip u32 ht 2: sample ip src 192.168.1.77/32 divisor 16 match ip src 192.168.1.77/32 flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { hashTable: '2:', sample: { match: { ip: 'src', prefix: '192.168.1.77/32' }, divisor: 16 }, match: [{ ip: 'src', prefix: '192.168.1.77/32' }], classid: '1:1' } }), 'add'],
  ['u32 ht sample ip protocol (mask shifted down)', 'filter add dev v0 parent 1: prio 1 protocol ip u32 ht 2: sample ip protocol 6 0xff match ip protocol 6 0xff flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { hashTable: '2:', sample: { match: { ip: 'protocol', value: 6 } }, match: [{ ip: 'protocol', value: 6 }], classid: '1:1' } }), 'add'],
  ['u32 ht sample /24 and raw u32 with divisor 4', 'filter add dev v0 parent 1: prio 1 protocol ip u32 ht 2: sample u32 0x12345678 0x0000ff00 at 12 divisor 4 match ip dst 10.0.1.0/24 flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { hashTable: '2:', sample: { match: { u32: 0x1234_5678, mask: 0xff00, at: 12 }, divisor: 4 }, match: [{ ip: 'dst', prefix: '10.0.1.0/24' }], classid: '1:1' } }), 'add'],
  ['u32 sample without ht', 'filter add dev v0 parent 1: prio 1 protocol ip u32 sample ip dst 10.0.1.0/24 match ip dst 10.0.1.0/24 flowid 1:1', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { sample: { match: { ip: 'dst', prefix: '10.0.1.0/24' } }, match: [{ ip: 'dst', prefix: '10.0.1.0/24' }], classid: '1:1' } }), 'add'],
  ['flower vxlan_opts', 'filter add dev v0 ingress prio 1 protocol ip flower vxlan_opts 1 classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'ip', kind: 'flower', options: { encVxlanGbp: 1, classid: '1:1' } }), 'add'],
  ['flower erspan_opts version 1 (index big-endian)', 'filter add dev v0 ingress prio 1 protocol ip flower erspan_opts 1:12:0:0 classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'ip', kind: 'flower', options: { encErspan: { ver: 1, index: 12 }, classid: '1:1' } }), 'add'],
  ['flower erspan_opts version 2', 'filter add dev v0 ingress prio 1 protocol ip flower erspan_opts 2:0:1:5 classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'ip', kind: 'flower', options: { encErspan: { ver: 2, dir: 1, hwid: 5 }, classid: '1:1' } }), 'add'],
  ['flower enc_key_id, geneve_opts (class big-endian)', 'filter add dev v0 ingress prio 1 protocol ip flower enc_key_id 11 geneve_opts 0108:80:00880022 classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'ip', kind: 'flower', options: { encKeyId: 11, encGeneve: '0108:80:00880022', classid: '1:1' } }), 'add'],
  ['flower geneve_opts, two options, one masked (as values)', 'filter add dev v0 ingress prio 1 protocol ip flower geneve_opts 0108:80:00880022/ffff:ff:ffffff00,0109:81:00110022 classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'ip', kind: 'flower', options: { encGeneve: [{ class: 0x108, type: 0x80, data: '00880022', mask: { class: 0xffff, type: 0xff, data: 'ffffff00' } }, { class: 0x109, type: 0x81, data: Uint8Array.of(0, 0x11, 0, 0x22) }], classid: '1:1' } }), 'add'],
  ['flower geneve_opts masked class and type (tc text)', 'filter add dev v0 ingress prio 1 protocol ip flower geneve_opts ffff:1:0000000a/0:f:000000ff classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'ip', kind: 'flower', options: { encGeneve: 'ffff:1:0000000a/0:f:000000ff', classid: '1:1' } }), 'add'],
  ['flower MPLS label, tc, bos, ttl (the label in host order)', 'filter add dev v0 ingress prio 1 protocol mpls_uc flower mpls_label 1000 mpls_tc 3 mpls_bos 1 mpls_ttl 64 classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'mpls_uc', kind: 'flower', options: { mplsLabel: 1000, mplsTc: 3, mplsBos: 1, mplsTtl: 64, classid: '1:1' } }), 'add'],
  ['flower ARP sip, tip prefix, op, sha, tha masked', 'filter add dev v0 ingress prio 1 protocol arp flower arp_sip 10.0.0.1 arp_tip 10.0.0.0/24 arp_op request arp_sha 02:00:00:00:00:01 arp_tha 02:00:00:00:00:00/ff:ff:ff:00:00:00 classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'arp', kind: 'flower', options: { arpSip: '10.0.0.1', arpTip: '10.0.0.0/24', arpOp: 'request', arpSha: '02:00:00:00:00:01', arpTha: '02:00:00:00:00:00/ff:ff:ff:00:00:00', classid: '1:1' } }), 'add'],
  ['flower ARP reply', 'filter add dev v0 ingress prio 1 protocol arp flower arp_op reply classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'arp', kind: 'flower', options: { arpOp: 'reply', classid: '1:1' } }), 'add'],
  ['flower port ranges', 'filter add dev v0 ingress prio 1 protocol ip flower ip_proto tcp src_port 1000-2000 dst_port 80-90 classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'ip', kind: 'flower', options: { ipProto: 'tcp', srcPort: '1000-2000', dstPort: { min: 80, max: 90 }, classid: '1:1' } }), 'add'],
  ['flower enc_dst_ip IPv6 with udp dst_port', 'filter add dev v0 ingress prio 1 protocol ipv6 flower enc_dst_ip 2001:db8::1 ip_proto udp dst_port 53 classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 1, protocol: 'ipv6', kind: 'flower', options: { encDstIp: '2001:db8::1', ipProto: 'udp', dstPort: 53, classid: '1:1' } }), 'add'],
  ['delete a priority', 'filter del dev v0 parent 1: prio 10', (dev) => ({ dev, parent: '1:', priority: 10 }), 'delete'],
  // A handle of a kind other than u32 is one number, as tc reads it (get_u32, base 0) and as the list prints it ('0x7').
  ['bpf with a handle as tc prints it (0x7)', ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'prio', '8', 'handle', '0x7', 'bpf', 'bytecode', '1,6 0 0 0', 'classid', '1:3'], (dev) => ({ dev, parent: '1:', priority: 8, handle: '0x7', kind: 'bpf', options: { bytecode: [[6, 0, 0, 0]], classid: '1:3' } }), 'add'],
  ['bpf with a decimal handle', ['filter', 'add', 'dev', 'v0', 'parent', '1:', 'prio', '8', 'handle', '12', 'bpf', 'bytecode', '1,6 0 0 0', 'classid', '1:3'], (dev) => ({ dev, parent: '1:', priority: 8, handle: '12', kind: 'bpf', options: { bytecode: [[6, 0, 0, 0]], classid: '1:3' } }), 'add'],
  ['delete a matchall filter by a numeric handle', 'filter del dev v0 ingress prio 3 handle 0x1 protocol ip matchall', (dev) => ({ dev, parent: 'ingress', priority: 3, handle: 1, protocol: 'ip', kind: 'matchall' }), 'delete'],
  ['bpf with a gact drop', ['filter', 'add', 'dev', 'v0', 'ingress', 'prio', '1', 'bpf', 'bytecode', '1,6 0 0 0', 'action', 'drop'], (dev) => ({ dev, parent: 'ingress', priority: 1, kind: 'bpf', options: { bytecode: [[6, 0, 0, 0]] }, actions: [{ kind: 'gact', verdict: 'drop' }] }), 'add'],
  ['u32 replace without a protocol (ETH_P_ALL, as add)', 'filter replace dev v0 parent 1: prio 4 u32 match u32 0 0 at 0', (dev) => ({ dev, parent: '1:', priority: 4, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] } }), 'replace'],
  ['u32 with a numeric EtherType (LLDP)', 'filter add dev v0 parent 1: prio 4 protocol 0x88cc u32 match u32 0 0 at 0', (dev) => ({ dev, parent: '1:', priority: 4, protocol: 0x88cc, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] } }), 'add'],
  ['u32 with EtherType 0xffff', 'filter add dev v0 parent 1: prio 4 protocol 0xffff u32 match u32 0 0 at 0', (dev) => ({ dev, parent: '1:', priority: 4, protocol: 0xffff, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] } }), 'add'],
  ['u32 with EtherType 0 given', 'filter add dev v0 parent 1: prio 4 protocol 0 u32 match u32 0 0 at 0', (dev) => ({ dev, parent: '1:', priority: 4, protocol: 0, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] } }), 'add'],
  ['u32 without a parent (the root qdisc: TC_H_UNSPEC)', 'filter add dev v0 prio 4 u32 match u32 0 0 at 0', (dev) => ({ dev, priority: 4, kind: 'u32', options: { match: [{ u32: 0, mask: 0, at: 0 }] } }), 'add'],
  ['bpf direct-action, skip_sw', ['filter', 'add', 'dev', 'v0', 'ingress', 'prio', '1', 'bpf', 'bytecode', '1,6 0 0 0', 'da', 'skip_sw'], (dev) => ({ dev, parent: 'ingress', priority: 1, kind: 'bpf', options: { bytecode: [[6, 0, 0, 0]], directAction: true, skipSw: true } }), 'add'],
  ['bpf skip_hw, the largest instruction fields', ['filter', 'add', 'dev', 'v0', 'ingress', 'prio', '1', 'bpf', 'bytecode', '2,65535 255 255 4294967295,6 0 0 1', 'skip_hw', 'classid', '1:1'], (dev) => ({ dev, parent: 'ingress', priority: 1, kind: 'bpf', options: { bytecode: [[0xffff, 0xff, 0xff, 0xffff_ffff], [6, 0, 0, 1]], skipHw: true, classid: '1:1' } }), 'add'],
  ['matchall classid, skip_sw', 'filter add dev v0 ingress prio 2 matchall skip_sw classid 1:1', (dev) => ({ dev, parent: 'ingress', priority: 2, kind: 'matchall', options: { skipSw: true, classid: '1:1' } }), 'add'],
  ['u32 link with offset at -2, hashkey at -4', 'filter add dev v0 parent 1: prio 1 protocol ip u32 match ip protocol 6 0xff offset at -2 mask 0xff00 shift 8 hashkey mask 0xff at -4 link 2:', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { match: [{ ip: 'protocol', value: 6 }], offset: { at: -2, mask: 0xff00, shift: 8 }, hashkey: { mask: 0xff, at: -4 }, link: '2:' } }), 'add'],
  ['u32 ip tos masked, u8 and u16 keys at odd places merged', 'filter add dev v0 parent 1: prio 1 protocol ip u32 match ip tos 0x10 0x1c match u8 0x7 0xf at 3 match u16 0xabcd 0xffff at 6 match u8 0x1 0x1 at 5', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { match: [{ ip: 'tos', value: 0x10, mask: 0x1c }, { u8: 7, mask: 0xf, at: 3 }, { u16: 0xabcd, mask: 0xffff, at: 6 }, { u8: 1, mask: 1, at: 5 }] } }), 'add'],
  ['u32 ip src /0 and dst /31, ip6 src /0 and dst /97', 'filter add dev v0 parent 1: prio 1 protocol ip u32 match ip src 0.0.0.0/0 match ip dst 10.0.0.6/31', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { match: [{ ip: 'src', prefix: '0.0.0.0/0' }, { ip: 'dst', prefix: '10.0.0.6/31' }] } }), 'add'],
  ['u32 ip6 dst /97 (four words, the last partial)', 'filter add dev v0 parent 1: prio 1 protocol ipv6 u32 match ip6 dst 2001:db8:1:2:3:4:8000:0/97', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ipv6', kind: 'u32', options: { match: [{ ip6: 'dst', prefix: '2001:db8:1:2:3:4:8000:0/97' }] } }), 'add'],
  ['u32 icmp code, udp dst masked, u16 at nexthdr+2', 'filter add dev v0 parent 1: prio 1 protocol ip u32 match icmp code 3 0x0f match udp dst 0x1200 0xff00 match u16 0x5 0xffff at nexthdr+6', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { match: [{ icmp: 'code', value: 3, mask: 0x0f }, { udp: 'dst', value: 0x1200, mask: 0xff00 }, { u16: 5, mask: 0xffff, at: 6, nexthdr: true }] } }), 'add'],
  ['u32 ht sample u8 at 1 (low mask bits)', 'filter add dev v0 parent 1: prio 1 protocol ip u32 ht 2: sample u8 0x35 0x0c at 1 divisor 2 match u32 0 0 at 0', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { hashTable: '2:', sample: { match: { u8: 0x35, mask: 0x0c, at: 1 }, divisor: 2 }, match: [{ u32: 0, mask: 0, at: 0 }] } }), 'add'],
  ['u32 ht 2:1f sample ip dst /32 mask 0 (bucket 0)', 'filter add dev v0 parent 1: prio 1 protocol ip u32 ht 2:1f sample u32 0x12345678 0 at 16 match u32 0 0 at 0', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { hashTable: '2:1f', sample: { match: { u32: 0x1234_5678, mask: 0, at: 16 } }, match: [{ u32: 0, mask: 0, at: 0 }] } }), 'add'],
  ['u32 offset eat alone', 'filter add dev v0 parent 1: prio 1 protocol ip u32 match ip protocol 6 0xff offset eat link 1:', (dev) => ({ dev, parent: '1:', priority: 1, protocol: 'ip', kind: 'u32', options: { match: [{ ip: 'protocol', value: 6 }], offset: { eat: true }, link: '1:' } }), 'add'],
  ['chain add on a shared block', 'chain add block 22 chain 5', () => ({ block: 22, chain: 5 }) as never, 'chainAdd'],
  ['chain del at the root (no parent given)', 'chain del dev v0 chain 4', (dev) => ({ dev, chain: 4 }) as never, 'chainDel'],
];

/** The call a filter case makes. */
export function filterCaseCall(spec: unknown, verb: FilterCaseVerb): (r: Rtnl) => Promise<void> {
  return (r) => {
    switch (verb) {
      case 'actionAdd':
        return r.tc.actions.add(spec as never);
      case 'actionReplace':
        return r.tc.actions.replace(spec as never);
      case 'actionDel':
        return r.tc.actions.delete(spec as never);
      case 'chainAdd':
        return r.tc.chains.add(spec as never);
      case 'chainDel':
        return r.tc.chains.delete(spec as never);
      default:
        return (r.tc.filters[verb] as (s: unknown) => Promise<void>).call(r.tc.filters, spec);
    }
  };
}

/** An action this kernel lacks (police, skbedit, vlan, csum, nat, tunnel_key, pedit, bpf), as tc's words and linx's. */
export interface ActionCase {
  /** The action as tc's words. */
  tc: string[];
  action: TcAction;
  /** What the command means, as linx lists it. */
  meaning: Record<string, unknown>;
}

export const ACTION_CASES: ActionCase[] = [
  {
    tc: ['police', 'rate', '1mbit', 'burst', '10k', 'conform-exceed', 'drop', 'index', '7'],
    action: { kind: 'police', rate: '1mbit', burst: '10k', exceed: 'drop', index: 7 },
    meaning: { kind: 'police', index: 7, verdict: 'drop', options: { rate: 125000, burst: 10240, mtu: 0, exceed: 'drop' } },
  },
  {
    tc: ['police', 'rate', '1mbit', 'burst', '10k', 'mtu', '2k', 'peakrate', '2mbit', 'conform-exceed', 'drop/pipe'],
    action: { kind: 'police', rate: '1mbit', burst: '10k', mtu: '2k', peakrate: '2mbit', exceed: 'drop', conform: 'pipe' },
    meaning: { kind: 'police', index: 0, verdict: 'drop', options: { rate: 125000, burst: 10240, mtu: 2048, peakrate: 250000, exceed: 'drop', conform: 'pipe' } },
  },
  {
    tc: ['police', 'rate', '40gbit', 'burst', '1m'],
    action: { kind: 'police', rate: '40gbit', burst: '1m' },
    meaning: { kind: 'police', index: 0, verdict: 'reclassify', options: { rate: 5e9, burst: 1040000, mtu: 0, exceed: 'reclassify' } },
  },
  {
    tc: ['police', 'avrate', '1mbit', 'conform-exceed', 'drop'],
    action: { kind: 'police', avrate: '1mbit', exceed: 'drop' },
    meaning: { kind: 'police', index: 0, verdict: 'drop', options: { mtu: 0, avrate: 125000, exceed: 'drop' } },
  },
  {
    tc: ['police', 'pkts_rate', '1000', 'pkts_burst', '100'],
    action: { kind: 'police', pktsRate: 1000, pktsBurst: 100 },
    meaning: { kind: 'police', index: 0, verdict: 'reclassify', options: { mtu: 0, exceed: 'reclassify', pktsRate: 1000, pktsBurst: 100 } },
  },
  {
    tc: ['skbedit', 'mark', '5/0xff', 'priority', '1:2', 'queue_mapping', '3', 'ptype', 'host', 'inheritdsfield'],
    action: { kind: 'skbedit', mark: 5, mask: 0xff, priority: '1:2', queueMapping: 3, ptype: 'host', inheritDsfield: true },
    meaning: { kind: 'skbedit', index: 0, verdict: 'pipe', options: { mark: 5, mask: 0xff, priority: '1:2', queueMapping: 3, ptype: 'host', inheritDsfield: true } },
  },
  {
    tc: ['skbedit', 'mark', '9', 'drop', 'index', '4'],
    action: { kind: 'skbedit', mark: 9, then: 'drop', index: 4 },
    meaning: { kind: 'skbedit', index: 4, verdict: 'drop', options: { mark: 9 } },
  },
  { tc: ['vlan', 'pop'], action: { kind: 'vlan', op: 'pop' }, meaning: { kind: 'vlan', index: 0, verdict: 'pipe', options: { op: 'pop' } } },
  {
    tc: ['vlan', 'push', 'id', '100', 'protocol', '802.1ad', 'priority', '3'],
    action: { kind: 'vlan', op: 'push', id: 100, protocol: '802.1ad', priority: 3 },
    meaning: { kind: 'vlan', index: 0, verdict: 'pipe', options: { op: 'push', id: 100, protocol: '802.1ad', priority: 3 } },
  },
  { tc: ['vlan', 'modify', 'id', '5', 'pass'], action: { kind: 'vlan', op: 'modify', id: 5, then: 'pass' }, meaning: { kind: 'vlan', index: 0, verdict: 'pass', options: { op: 'modify', id: 5 } } },
  {
    tc: ['csum', 'ip4h', 'tcp', 'udp'],
    action: { kind: 'csum', update: ['ipv4hdr', 'tcp', 'udp'] },
    meaning: { kind: 'csum', index: 0, verdict: 'pass', options: { update: ['ipv4hdr', 'tcp', 'udp'] } },
  },
  {
    tc: ['csum', 'iph', 'icmp', 'igmp', 'sctp', 'udplite', 'pipe'],
    action: { kind: 'csum', update: ['ipv4hdr', 'icmp', 'igmp', 'sctp', 'udplite'], then: 'pipe' },
    meaning: { kind: 'csum', index: 0, verdict: 'pipe', options: { update: ['ipv4hdr', 'icmp', 'igmp', 'udplite', 'sctp'] } },
  },
  {
    tc: ['nat', 'ingress', '10.0.0.1', '192.168.0.1'],
    action: { kind: 'nat', direction: 'ingress', old: '10.0.0.1', new: '192.168.0.1' },
    meaning: { kind: 'nat', index: 0, verdict: 'pass', options: { direction: 'ingress', old: '10.0.0.1/32', new: '192.168.0.1' } },
  },
  {
    tc: ['nat', 'egress', '10.0.0.0/24', '192.168.0.0'],
    action: { kind: 'nat', direction: 'egress', old: '10.0.0.0/24', new: '192.168.0.0' },
    meaning: { kind: 'nat', index: 0, verdict: 'pass', options: { direction: 'egress', old: '10.0.0.0/24', new: '192.168.0.0' } },
  },
  { tc: ['tunnel_key', 'unset'], action: { kind: 'tunnel_key', op: 'unset' }, meaning: { kind: 'tunnel_key', index: 0, verdict: 'pipe', options: { op: 'unset', noCsum: false } } },
  {
    tc: ['tunnel_key', 'set', 'src_ip', '10.0.0.1', 'dst_ip', '10.0.0.2', 'id', '42', 'dst_port', '4789', 'ttl', '64', 'tos', '0x10', 'nocsum'],
    action: { kind: 'tunnel_key', op: 'set', srcIp: '10.0.0.1', dstIp: '10.0.0.2', id: 42, dstPort: 4789, ttl: 64, tos: 0x10, noCsum: true },
    meaning: { kind: 'tunnel_key', index: 0, verdict: 'pipe', options: { op: 'set', srcIp: '10.0.0.1', dstIp: '10.0.0.2', id: 42, dstPort: 4789, ttl: 64, tos: 0x10, noCsum: true } },
  },
  {
    tc: ['tunnel_key', 'set', 'src_ip', '2001:db8::1', 'dst_ip', '2001:db8::2', 'id', '7'],
    action: { kind: 'tunnel_key', op: 'set', srcIp: '2001:db8::1', dstIp: '2001:db8::2', id: 7 },
    meaning: { kind: 'tunnel_key', index: 0, verdict: 'pipe', options: { op: 'set', srcIp: '2001:db8::1', dstIp: '2001:db8::2', id: 7, noCsum: false } },
  },
  {
    tc: ['pedit', 'munge', 'offset', '8', 'u8', 'set', '10'],
    action: { kind: 'pedit', keys: [{ offset: 8, size: 'u8', set: 10 }] },
    meaning: { kind: 'pedit', index: 0, verdict: 'pass', options: { keys: [{ offset: 8, mask: 0x00ff_ffff, value: 0x0a00_0000, at: 0, offmask: 0, shift: 0 }] } },
  },
  {
    tc: ['pedit', 'munge', 'offset', '10', 'u16', 'set', '0x1234', 'munge', 'offset', '16', 'u32', 'set', '0x0a000001', 'pipe'],
    action: { kind: 'pedit', keys: [{ offset: 10, size: 'u16', set: 0x1234 }, { offset: 16, size: 'u32', set: 0x0a00_0001 }], then: 'pipe' },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pipe',
      options: {
        keys: [
          { offset: 8, mask: 0xffff_0000, value: 0x0000_1234, at: 0, offmask: 0, shift: 0 },
          { offset: 16, mask: 0, value: 0x0a00_0001, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'ip', 'ttl', 'set', '10'],
    action: { kind: 'pedit', keys: [{ header: 'ip4', offset: 8, size: 'u8', set: 10 }] },
    meaning: { kind: 'pedit', index: 0, verdict: 'pass', options: { keys: [{ header: 'ip4', cmd: 'set', offset: 8, mask: 0x00ff_ffff, value: 0x0a00_0000, at: 0, offmask: 0, shift: 0 }] } },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'ip', 'ttl', 'add', '1', 'munge', 'eth', 'dst', 'set', '02:00:00:00:00:01'],
    action: { kind: 'pedit', keys: [{ header: 'ip4', offset: 8, size: 'u8', add: 1 }, { header: 'eth', offset: 0, size: 'u32', set: 0x0200_0000 }, { header: 'eth', offset: 4, size: 'u16', set: 0x0001 }] },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pass',
      options: {
        keys: [
          { header: 'ip4', cmd: 'add', offset: 8, mask: 0x00ff_ffff, value: 0x0100_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'eth', cmd: 'set', offset: 0, mask: 0, value: 0x0200_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'eth', cmd: 'set', offset: 4, mask: 0x0000_ffff, value: 0x0001_0000, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'ip', 'src', 'set', '10.0.0.1', 'munge', 'ip', 'dst', 'set', '10.1.2.3'],
    action: { kind: 'pedit', keys: [{ header: 'ip4', field: 'src', set: '10.0.0.1' }, { header: 'ip4', field: 'dst', set: '10.1.2.3' }] },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pass',
      options: {
        keys: [
          { header: 'ip4', cmd: 'set', offset: 12, mask: 0x0000_0000, value: 0x0a00_0001, at: 0, offmask: 0, shift: 0 },
          { header: 'ip4', cmd: 'set', offset: 16, mask: 0x0000_0000, value: 0x0a01_0203, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'ip', 'ttl', 'add', '1', 'munge', 'ip', 'tos', 'set', '0x10', 'munge', 'ip', 'ihl', 'set', '5', 'munge', 'ip', 'protocol', 'set', '17'],
    action: { kind: 'pedit', keys: [{ header: 'ip4', field: 'ttl', add: 1 }, { header: 'ip4', field: 'tos', set: 0x10 }, { header: 'ip4', field: 'ihl', set: 5 }, { header: 'ip4', field: 'protocol', set: 17 }] },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pass',
      options: {
        keys: [
          { header: 'ip4', cmd: 'add', offset: 8, mask: 0x00ff_ffff, value: 0x0100_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'ip4', cmd: 'set', offset: 0, mask: 0xff00_ffff, value: 0x0010_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'ip4', cmd: 'set', offset: 0, mask: 0xf0ff_ffff, value: 0x0500_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'ip4', cmd: 'set', offset: 8, mask: 0xff00_ffff, value: 0x0011_0000, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'eth', 'dst', 'set', '02:00:00:00:00:01', 'munge', 'eth', 'src', 'set', '02:00:00:00:00:02', 'munge', 'eth', 'type', 'set', '0x0800'],
    action: { kind: 'pedit', keys: [{ header: 'eth', field: 'dst', set: '02:00:00:00:00:01' }, { header: 'eth', field: 'src', set: '02:00:00:00:00:02' }, { header: 'eth', field: 'type', set: 0x0800 }] },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pass',
      options: {
        keys: [
          { header: 'eth', cmd: 'set', offset: 0, mask: 0x0000_0000, value: 0x0200_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'eth', cmd: 'set', offset: 4, mask: 0x0000_ffff, value: 0x0001_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'eth', cmd: 'set', offset: 4, mask: 0xffff_0000, value: 0x0000_0200, at: 0, offmask: 0, shift: 0 },
          { header: 'eth', cmd: 'set', offset: 8, mask: 0x0000_0000, value: 0x0000_0002, at: 0, offmask: 0, shift: 0 },
          { header: 'eth', cmd: 'set', offset: 12, mask: 0x0000_ffff, value: 0x0800_0000, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'tcp', 'dport', 'set', '80', 'munge', 'tcp', 'sport', 'add', '1', 'munge', 'tcp', 'flags', 'set', '0x12', 'munge', 'udp', 'dport', 'set', '53'],
    action: { kind: 'pedit', keys: [{ header: 'tcp', field: 'dport', set: 80 }, { header: 'tcp', field: 'sport', add: 1 }, { header: 'tcp', field: 'flags', set: 0x12 }, { header: 'udp', field: 'dport', set: 53 }] },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pass',
      options: {
        keys: [
          { header: 'tcp', cmd: 'set', offset: 0, mask: 0xffff_0000, value: 0x0000_0050, at: 0, offmask: 0, shift: 0 },
          { header: 'tcp', cmd: 'add', offset: 0, mask: 0x0000_ffff, value: 0x0001_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'tcp', cmd: 'set', offset: 12, mask: 0xff00_ffff, value: 0x0012_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'udp', cmd: 'set', offset: 0, mask: 0xffff_0000, value: 0x0000_0035, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['pedit', 'ex', 'munge', 'ip6', 'dst', 'set', '2001:db8::1', 'munge', 'ip6', 'hoplimit', 'set', '3', 'munge', 'ip6', 'traffic_class', 'set', '0x10', 'munge', 'ip6', 'nexthdr', 'set', '6', 'munge', 'ip6', 'payload_len', 'set', '100'],
    action: { kind: 'pedit', keys: [{ header: 'ip6', field: 'dst', set: '2001:db8::1' }, { header: 'ip6', field: 'hoplimit', set: 3 }, { header: 'ip6', field: 'traffic_class', set: 0x10 }, { header: 'ip6', field: 'nexthdr', set: 6 }, { header: 'ip6', field: 'payload_len', set: 100 }] },
    meaning: {
      kind: 'pedit',
      index: 0,
      verdict: 'pass',
      options: {
        keys: [
          { header: 'ip6', cmd: 'set', offset: 24, mask: 0x0000_0000, value: 0x2001_0db8, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 28, mask: 0x0000_0000, value: 0x0000_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 32, mask: 0x0000_0000, value: 0x0000_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 36, mask: 0x0000_0000, value: 0x0000_0001, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 4, mask: 0xffff_ff00, value: 0x0000_0003, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 0, mask: 0xf00f_ffff, value: 0x0100_0000, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 4, mask: 0xffff_00ff, value: 0x0000_0600, at: 0, offmask: 0, shift: 0 },
          { header: 'ip6', cmd: 'set', offset: 4, mask: 0x0000_ffff, value: 0x0064_0000, at: 0, offmask: 0, shift: 0 },
        ],
      },
    },
  },
  {
    tc: ['bpf', 'bytecode', '1,6 0 0 0'],
    action: { kind: 'bpf', bytecode: [[6, 0, 0, 0]] },
    meaning: { kind: 'bpf', index: 0, verdict: 'pipe', options: { bytecode: [[6, 0, 0, 0]] } },
  },
  {
    tc: ['bpf', 'bytecode', '2,40 0 0 12,6 0 0 0', 'index', '4'],
    action: { kind: 'bpf', bytecode: [[40, 0, 0, 12], [6, 0, 0, 0]], index: 4 },
    meaning: { kind: 'bpf', index: 4, verdict: 'pipe', options: { bytecode: [[40, 0, 0, 12], [6, 0, 0, 0]] } },
  },
];

/** Every command above as `tc` arguments, the key of its captured request in test/fixtures/tc-requests.json. */
export function capturedCommands(): string[][] {
  return [
    ...QDISC_CLASS_CASES.map(([, args]) => args),
    ...NETEM_CASES.map(([, command]) => netemCommand(command)),
    ...FILTER_CASES.map(([, command]) => (Array.isArray(command) ? command : command.split(' '))),
    ...ACTION_CASES.flatMap((c) => [sharedActionCommand(c), actionInFilterCommand(c)]),
    ...LIST_CASES.map(([, args]) => args),
  ];
}

export const netemCommand = (command: string): string[] => ['qdisc', 'add', 'dev', 'v0', 'root', 'netem', ...command.split(' ')];
export const sharedActionCommand = (c: ActionCase): string[] => ['actions', 'add', 'action', ...c.tc];
export const actionInFilterCommand = (c: ActionCase): string[] => ['filter', 'add', 'dev', 'v0', 'ingress', 'protocol', 'all', 'pref', '1', 'matchall', 'action', ...c.tc];

/**
 * Dump requests: a name, tc's arguments (`tc … show` / `ls`), the dump's type (RTM_GETQDISC 38, RTM_GETTCLASS
 * 42, RTM_GETTFILTER 46, RTM_GETACTION 50, RTM_GETCHAIN 102: tc may dump qdiscs first), and linx's list for
 * the same thing. linx's request must be tc's (the kernel filters by what the request says). A block's
 * (`filter show block 22`) is left out: tc asks for it only once it has found a qdisc holding the block, which
 * tc 6.1 did not in the capturing namespace (tc-dumps.test.ts reads a block's dump).
 */
export const LIST_CASES: [name: string, args: string[], type: number, list: (r: Rtnl) => Promise<unknown>][] = [
  ['qdisc show dev v0', ['qdisc', 'show', 'dev', 'v0'], 38, (r) => r.tc.qdiscs.list({ dev: 'v0' })],
  ['qdisc show dev v0 invisible', ['qdisc', 'show', 'dev', 'v0', 'invisible'], 38, (r) => r.tc.qdiscs.list({ dev: 'v0', invisible: true })],
  ['qdisc show (every interface)', ['qdisc', 'show'], 38, (r) => r.tc.qdiscs.list()],
  ['class show dev v0', ['class', 'show', 'dev', 'v0'], 42, (r) => r.tc.classes.list({ dev: 'v0' })],
  ['filter show dev v0', ['filter', 'show', 'dev', 'v0'], 46, (r) => r.tc.filters.list({ dev: 'v0' })],
  ['filter show dev v0 parent 1: chain 3', ['filter', 'show', 'dev', 'v0', 'parent', '1:', 'chain', '3'], 46, (r) => r.tc.filters.list({ dev: 'v0', parent: '1:', chain: 3 })],
  ['filter show dev v0 ingress', ['filter', 'show', 'dev', 'v0', 'ingress'], 46, (r) => r.tc.filters.list({ dev: 'v0', parent: 'ingress' })],
  ['filter show dev v0 egress', ['filter', 'show', 'dev', 'v0', 'egress'], 46, (r) => r.tc.filters.list({ dev: 'v0', parent: 'egress' })],
  ['chain show dev v0 parent 1:', ['chain', 'show', 'dev', 'v0', 'parent', '1:'], 102, (r) => r.tc.chains.list({ dev: 'v0', parent: '1:' })],
  ['chain show dev v0 (every parent)', ['chain', 'show', 'dev', 'v0'], 102, (r) => r.tc.chains.list({ dev: 'v0' })],
  ['actions ls action mirred', ['actions', 'ls', 'action', 'mirred'], 50, (r) => r.tc.actions.list('mirred')],
];

