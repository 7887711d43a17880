// The structured side of `pnpm bench`: every bench file reports its rows here as well as printing its
// lines, and `--write` turns the rows of a run into bench/RESULTS.md (results.ts). A row is one scenario an
// issue asks for: linx's figure next to the reference tools measured in the same run.

/** One measured figure: a time (ms) or a rate (value per second), and the peak RSS of the process when measured. */
export interface Figure {
  /** What was measured: "routes.list() (fresh node process)", "ip -j route show (whole process)". */
  label: string;
  /** Milliseconds for the whole scenario (lower is better). */
  ms?: number;
  /** A rate (higher is better), with `unit` ("events/s"); used when the scenario is a throughput. */
  perSecond?: number;
  unit?: string;
  /** Peak resident set size of the process that did the work, in MB (1 MB = 1,000,000 bytes), if measured. */
  rssMb?: number;
}

/** A speed goal from an issue, judged by the bench file that measured it. */
export interface Goal {
  /** As the issue says it: "≤ 0.1× tc -j" (linx time ÷ tc's). */
  text: string;
  /** undefined when the run could not judge it (a reference missing). */
  met: boolean | undefined;
}

export interface Row {
  /** The bench file's name (`--only` takes it): "rtnl". */
  area: string;
  /** What is measured, with its size: "65,000 IPv4 routes listed into typed objects". */
  scenario: string;
  /** The issue that asks for it. */
  issue: number;
  linx: Figure;
  /** The tools linx is compared with, measured in the same run. */
  references: Figure[];
  goals?: Goal[];
  note?: string;
}

const rows: Row[] = [];
let currentArea = '';

/** Rows reported after this belong to `area` (run.ts sets it before each bench file). */
export function beginArea(area: string): void {
  currentArea = area;
}

/** Records one row (the bench file prints its own lines as before). */
export function report(row: Omit<Row, 'area'> & { area?: string }): void {
  rows.push({ ...row, area: row.area ?? currentArea });
}

export function reportedRows(): readonly Row[] {
  return rows;
}

/**
 * linx's time ÷ the reference's, the way the issues state goals ("≤ 0.5× ip -j"): below 1 linx is faster.
 * For rates it is the reference's rate ÷ linx's, the same quantity. undefined when either is missing.
 */
export function timeRatio(linx: Figure, reference: Figure): number | undefined {
  if (linx.ms !== undefined && reference.ms !== undefined && reference.ms > 0) return linx.ms / reference.ms;
  if (linx.perSecond !== undefined && reference.perSecond !== undefined && linx.perSecond > 0) return reference.perSecond / linx.perSecond;
  return undefined;
}

/** A goal "linx ≤ limit × reference's time", judged from two figures. */
export function atMost(limit: number, reference: Figure | undefined, linx: Figure, text: string): Goal {
  const ratio = reference ? timeRatio(linx, reference) : undefined;
  return { text, met: ratio === undefined ? undefined : ratio <= limit };
}

/** A goal on a figure alone ("≥ 1 M events/s", "peak RSS ≤ 300 MB"). */
export function threshold(value: number | undefined, test: (value: number) => boolean, text: string): Goal {
  return { text, met: value === undefined ? undefined : test(value) };
}

/** KB (as getrusage and /usr/bin/time report maxrss) to MB. */
export function kbToMb(kb: number): number {
  return (kb * 1024) / 1e6;
}
