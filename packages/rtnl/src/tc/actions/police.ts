import { InvalidArgumentError, checkInteger } from '../../shared/arguments.js';
import { checkKeys } from '../../link/checks.js';
import { burstTicks, rateTable, ticksToSize, xmitTicks } from '../psched.js';
import { parseRate, parseSize, type Rate, type Size } from '../units.js';
import { verdictName, verdictNumber, type TcVerdict } from './verdict.js';

/**
 * police: a token bucket that limits the traffic it sees (`tc … action police rate 1mbit burst 10k …`).
 * Packets over the limit get the `exceed` verdict, the others `conform` (tc's `conform-exceed EXCEED/CONFORM`).
 */
export interface PoliceAction {
  kind: 'police';
  /** The rate (bytes per second, or tc's text: `'1mbit'`); takes a `burst`. */
  rate?: Rate;
  /** The bucket's size (bytes, or `'10k'`). */
  burst?: Size;
  /** The largest packet (tc's `mtu`); 0: any. */
  mtu?: Size;
  /** A second bucket for peaks (takes `rate`). */
  peakrate?: Rate;
  /** Police by the rate estimator's average instead of a bucket (tc's `avrate`). */
  avrate?: Rate;
  /** Packets per second and the burst in packets (tc's `pkts_rate`, `pkts_burst`), instead of bytes. */
  pktsRate?: number;
  pktsBurst?: number;
  overhead?: number;
  mpu?: Size;
  /** What happens to a packet over the limit: `tc`'s default is `reclassify`. */
  exceed?: TcVerdict;
  /** What happens to the others (TCA_POLICE_RESULT); the kernel's default is `ok`. */
  conform?: TcVerdict;
  index?: number;
}

/** A listed police action's options, rates in bytes per second and sizes in bytes as `tc -j` prints them. */
export interface PoliceInfo {
  rate?: number;
  burst?: number;
  mtu: number;
  peakrate?: number;
  avrate?: number;
  pktsRate?: number;
  pktsBurst?: number;
  exceed: ReturnType<typeof verdictName>;
  conform?: ReturnType<typeof verdictName>;
}

const KEYS = new Set(['kind', 'rate', 'burst', 'mtu', 'peakrate', 'avrate', 'pktsRate', 'pktsBurst', 'overhead', 'mpu', 'exceed', 'conform', 'index']);

/** police's TCA_OPTIONS as the generated police-attrs encode them, the numbers `tc` computes. */
export function policeOptions(a: unknown, argument: string): Record<string, unknown> {
  const o = checkKeys(a, KEYS, argument, 'a police action') as Partial<PoliceAction> as PoliceAction;
  const index = o.index === undefined ? 0 : checkInteger(o.index, `${argument}.index`, 0, 0xffff_ffff);
  if ((o.rate === undefined) !== (o.burst === undefined)) throw new InvalidArgumentError(`${argument}.${o.rate === undefined ? 'rate' : 'burst'}`, 'a rate and a burst go together');
  if ((o.pktsRate === undefined) !== (o.pktsBurst === undefined)) throw new InvalidArgumentError(`${argument}.${o.pktsRate === undefined ? 'pktsRate' : 'pktsBurst'}`, 'pktsRate and pktsBurst go together');
  if (o.rate === undefined && o.avrate === undefined && o.pktsRate === undefined) throw new InvalidArgumentError(argument, 'a police action takes a rate (with a burst), an avrate, or a pktsRate (with a pktsBurst)');
  if (o.pktsRate !== undefined && o.rate !== undefined) throw new InvalidArgumentError(`${argument}.pktsRate`, 'police by bytes (rate) or by packets (pktsRate), not both');
  if (o.peakrate !== undefined && o.rate === undefined) throw new InvalidArgumentError(`${argument}.peakrate`, 'a peakrate takes a rate');
  const mtu = o.mtu === undefined ? 0 : parseSize(o.mtu, `${argument}.mtu`);
  const mpu = o.mpu === undefined ? 0 : parseSize(o.mpu, `${argument}.mpu`, 0xffff);
  const overhead = o.overhead === undefined ? 0 : checkInteger(o.overhead, `${argument}.overhead`, 0, 0xffff);
  const zero = { cellLog: 0, linklayer: 0, overhead: 0, cellAlign: 0, mpu: 0, rate: 0 };
  const tbf = { index, action: verdictNumber(o.exceed ?? 'reclassify', `${argument}.exceed`), limit: 0, burst: 0, mtu, rate: zero as object, peakrate: zero as object, refcnt: 0, bindcnt: 0, capab: 0 };
  const out: Record<string, unknown> = { tbf };
  if (o.rate !== undefined) {
    const rate = parseRate(o.rate, `${argument}.rate`);
    const r = rateTable(rate, mtu, mpu, overhead);
    tbf.rate = r.spec;
    tbf.burst = burstTicks(rate, parseSize(o.burst, `${argument}.burst`), `${argument}.burst`);
    out.rate = r.table;
    if (rate >= 2 ** 32) out.rate64 = BigInt(rate);
  }
  if (o.peakrate !== undefined) {
    const peak = parseRate(o.peakrate, `${argument}.peakrate`);
    const p = rateTable(peak, mtu, mpu, overhead);
    tbf.peakrate = p.spec;
    out.peakrate = p.table;
    if (peak >= 2 ** 32) out.peakrate64 = BigInt(peak);
  }
  if (o.avrate !== undefined) {
    const avrate = parseRate(o.avrate, `${argument}.avrate`);
    if (avrate > 0xffff_ffff) throw new InvalidArgumentError(`${argument}.avrate`, `${avrate} bytes/s does not fit the kernel's u32`);
    out.avrate = avrate;
  }
  if (o.conform !== undefined) out.result = verdictNumber(o.conform, `${argument}.conform`) >>> 0;
  if (o.pktsRate !== undefined) {
    const pps = checkInteger(o.pktsRate, `${argument}.pktsRate`, 1, Number.MAX_SAFE_INTEGER);
    const burst = checkInteger(o.pktsBurst, `${argument}.pktsBurst`, 1, Number.MAX_SAFE_INTEGER);
    out.pktrate64 = BigInt(pps);
    // tc_calc_xmittime(pkt_rate, pkt_burst): the time to "send" the burst's packets, in ticks.
    out.pktburst64 = BigInt(xmitTicks(pps, burst));
  }
  return out;
}

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/** police's options read back (rates from the 64-bit attributes when the kernel sent them). */
export function policeInfo(v: Record<string, any>): PoliceInfo {
  const tbf = v.tbf ?? {};
  const out: PoliceInfo = { mtu: tbf.mtu ?? 0, exceed: verdictName(tbf.action ?? 0) };
  const rate = v.rate64 !== undefined ? num(v.rate64) : tbf.rate?.rate;
  if (rate) {
    out.rate = rate;
    out.burst = ticksToSize(rate, tbf.burst);
  }
  const peak = v.peakrate64 !== undefined ? num(v.peakrate64) : tbf.peakrate?.rate;
  if (peak) out.peakrate = peak;
  if (v.avrate) out.avrate = v.avrate;
  if (v.result !== undefined) out.conform = verdictName(v.result | 0);
  if (v.pktrate64 !== undefined && num(v.pktrate64) > 0) {
    out.pktsRate = num(v.pktrate64);
    out.pktsBurst = ticksToSize(out.pktsRate, num(v.pktburst64 ?? 0));
  }
  return out;
}
