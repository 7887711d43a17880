// `--color`: ip's colours (iproute2's lib/color.c palette, read off `ip -c=always`): interface names
// cyan, MAC addresses yellow, IPv4 magenta, IPv6 blue, operstate UP green and DOWN red; bold on a dark
// background (COLORFGBG, as ip reads it).

/** Colours a word; the identity when colour is off. */
export type Painter = (text: string) => string;

/** The painters the text output uses. */
export interface Paint {
  readonly on: boolean;
  readonly ifname: Painter;
  readonly mac: Painter;
  readonly inet: Painter;
  readonly inet6: Painter;
  readonly up: Painter;
  readonly down: Painter;
}

const plain: Painter = (text) => text;

export const NO_PAINT: Paint = { on: false, ifname: plain, mac: plain, inet: plain, inet6: plain, up: plain, down: plain };

/** SGR colour numbers of ip's palette. */
const CYAN = 36;
const YELLOW = 33;
const MAGENTA = 35;
const BLUE = 34;
const GREEN = 32;
const RED = 31;

/**
 * ip's test for a dark background: COLORFGBG is "fg;bg" (as rxvt and others set it), and a background
 * colour 0–6 or 8 is dark.
 */
export function darkBackground(colorfgbg: string | undefined): boolean {
  const background = colorfgbg?.split(';').pop();
  if (background === undefined || !/^\d+$/.test(background)) return false;
  const n = Number(background);
  return (n >= 0 && n <= 6) || n === 8;
}

export function makePaint(dark: boolean): Paint {
  const painter = (code: number): Painter => (text) => `\x1b[${dark ? '1;' : ''}${code}m${text}\x1b[0m`;
  return { on: true, ifname: painter(CYAN), mac: painter(YELLOW), inet: painter(MAGENTA), inet6: painter(BLUE), up: painter(GREEN), down: painter(RED) };
}

/** `--color` as ip takes it: `always` (or no value), `never`, `auto` (colour only when stdout is a terminal). */
export type ColorMode = 'always' | 'auto' | 'never';

/** The painters for a mode, given whether stdout is a terminal and the environment. */
export function paintFor(mode: ColorMode, isTty: boolean, env: Record<string, string | undefined>): Paint {
  if (mode === 'never' || (mode === 'auto' && !isTty)) return NO_PAINT;
  return makePaint(darkBackground(env.COLORFGBG));
}

/** The painter for an address of a family (`inet`, `inet6`), as ip colours them; others stay plain. */
export function addressPainter(paint: Paint, family: unknown): Painter {
  return family === 'inet' ? paint.inet : family === 'inet6' ? paint.inet6 : plain;
}

/** The painter for an operstate: UP green, DOWN red, others plain (as ip). */
export function statePainter(paint: Paint, state: unknown): Painter {
  return state === 'UP' ? paint.up : state === 'DOWN' ? paint.down : plain;
}
