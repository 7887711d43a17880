// tc's option words for the qdisc and class kinds @linx/rtnl builds, mapped to rtnl's option names. The
// values are passed on as tc's text (rtnl reads tc's units: rates, sizes, times) or as numbers; rtnl checks
// them before anything is sent.
import { UsageError } from '../errors.js';
import type { Words } from '../words.js';

/** How a word's value is read: a value after it, a number after it, or a switch (on, or off). */
type Reading = { key: string; as: 'value' | 'number' } | { key: string; as: 'on' | 'off' };

const value = (key: string): Reading => ({ key, as: 'value' });
const number = (key: string): Reading => ({ key, as: 'number' });
const on = (key: string): Reading => ({ key, as: 'on' });
const off = (key: string): Reading => ({ key, as: 'off' });

/** Qdisc kinds: tc's words (`man tc-KIND`). */
export const QDISC_WORDS: Record<string, Record<string, Reading>> = {
  htb: { default: value('default'), r2q: number('r2q'), direct_qlen: number('directQlen') },
  tbf: { rate: value('rate'), burst: value('burst'), buffer: value('burst'), maxburst: value('burst'), limit: value('limit'), latency: value('latency'), peakrate: value('peakrate'), mtu: value('mtu'), minburst: value('mtu'), mpu: value('mpu'), overhead: number('overhead') },
  fq_codel: { limit: number('limit'), flows: number('flows'), target: value('target'), interval: value('interval'), quantum: value('quantum'), ecn: on('ecn'), noecn: off('ecn'), ce_threshold: value('ceThreshold'), memory_limit: value('memoryLimit'), drop_batch: number('dropBatch') },
  prio: { bands: number('bands') },
  sfq: { quantum: value('quantum'), perturb: number('perturb'), limit: number('limit'), divisor: number('divisor'), flows: number('flows'), depth: number('depth'), headdrop: on('headdrop') },
  pfifo: { limit: value('limit') },
  bfifo: { limit: value('limit') },
  fq: { limit: number('limit'), flow_limit: number('flowLimit'), quantum: value('quantum'), initial_quantum: value('initialQuantum'), pacing: on('pacing'), nopacing: off('pacing'), maxrate: value('maxRate'), buckets: number('buckets'), refill_delay: value('refillDelay'), orphan_mask: number('orphanMask'), low_rate_threshold: value('lowRateThreshold'), ce_threshold: value('ceThreshold'), timer_slack: value('timerSlack'), horizon: value('horizon'), horizon_drop: on('horizonDrop'), horizon_cap: off('horizonDrop') },
  red: { limit: value('limit'), min: value('min'), max: value('max'), avpkt: value('avpkt'), burst: number('burst'), probability: number('probability'), bandwidth: value('bandwidth'), ecn: on('ecn'), harddrop: on('harddrop'), adaptive: on('adaptive'), nodrop: on('nodrop') },
  ingress: {},
  clsact: {},
  noqueue: {},
};

/** Class kinds. */
export const CLASS_WORDS: Record<string, Record<string, Reading>> = {
  htb: { rate: value('rate'), ceil: value('ceil'), burst: value('burst'), buffer: value('burst'), maxburst: value('burst'), cburst: value('cburst'), cbuffer: value('cburst'), cmaxburst: value('cburst'), prio: number('prio'), quantum: value('quantum'), mtu: value('mtu'), mpu: value('mpu'), overhead: number('overhead') },
};

/** A value as tc's text, or a plain number as a number (rtnl takes either for sizes and rates). */
export function textOrNumber(text: string): string | number {
  return /^\d+$/.test(text) ? Number(text) : text;
}

/**
 * Reads a kind's option words up to the end (or to `stop`, a word that begins what follows the options),
 * as `tc` takes them. `priomap` (prio) takes 16 numbers.
 */
export function readKindOptions(words: Words, table: Record<string, Reading>, kind: string, what: string): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (let word = words.next(); word !== undefined; word = words.next()) {
    if (kind === 'prio' && word === 'priomap') {
      const map: number[] = [];
      for (let i = 0; i < 16; i++) map.push(words.integer('priomap', 0, 15));
      options.priomap = map;
      continue;
    }
    const reading = table[word];
    if (reading === undefined) throw new UsageError(`${what}: ${kind} has no option "${word}" that linx reads (${[...Object.keys(table), ...(kind === 'prio' ? ['priomap'] : [])].join(', ') || 'it takes none'})`);
    if (reading.as === 'on' || reading.as === 'off') options[reading.key] = reading.as === 'on';
    else if (reading.as === 'number') options[reading.key] = words.integer(word, 0, 0xffff_ffff);
    else options[reading.key] = textOrNumber(words.value(word));
  }
  return options;
}
