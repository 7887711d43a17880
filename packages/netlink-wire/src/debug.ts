import { parseErrorMessage, parseDoneMessage } from './ack.js';
import { NESTING_DEPTH_LIMIT, NLA_HDRLEN, iterateAttributes, parsesAsAttributes, type Attribute } from './attribute.js';
import { NLMSG_DONE, NLMSG_ERROR, messageTypeName, netlinkFlagNames, type FlagNameOptions } from './constants.js';
import { formatErrno } from './errno.js';
import type { ExtAck } from './ext-ack.js';
import type { NetlinkMessage } from './message.js';

/** How to print a message of a given family. */
export interface FormatOptions {
  /** Size of the family's fixed header (ifinfomsg 16, rtmsg 12, nfgenmsg 4, …), printed as hex. */
  headerLength?: number;
  /** A name for a family message type, e.g. 16 → 'RTM_NEWLINK'. */
  typeName?: (type: number) => string | undefined;
  /** A name for an attribute, given the types of the nests it sits in (outermost first). */
  attributeName?: (type: number, path: readonly number[]) => string | undefined;
  /** Which NEW/GET/DELETE meaning the flag bits 0x100..0x800 have for this message type. */
  flagKind?: (type: number) => keyof FlagNameOptions | undefined;
  /** Whether a payload without NLA_F_NESTED that parses as attributes is shown as a nest (default true). */
  guessNested?: boolean;
  /**
   * Whether the attribute of `type` under `path` is a nest, when a schema knows (true or false); return
   * undefined to fall back on the flag and the guess.
   */
  isNested?: (type: number, path: readonly number[]) => boolean | undefined;
  /** Cap on hex bytes shown per leaf (default 64). */
  maxHexBytes?: number;
  /**
   * How many attribute sets deep nests are shown (default `NESTING_DEPTH_LIMIT`, 32; the message's own
   * attributes are level 1). A nest below that is one line with its size and `nested deeper than N levels`.
   */
  maxDepth?: number;
}

/**
 * A readable multi-line dump of a message: header fields by name, the fixed header as hex, attributes as
 * a tree (with their flags), and hex for leaf payloads. For errors, the errno and ext-ack.
 *
 * Safe on untrusted bytes (captures): the text is at most a constant times the message's size (each line
 * stands for an attribute header of 4 bytes or more, hex is capped, nests deeper than `maxDepth` are not
 * opened, so indentation is bounded too), and bytes that are not valid netlink print as `malformed:` with
 * the reason and hex.
 */
export function formatMessage(message: NetlinkMessage, options: FormatOptions = {}): string {
  const typeName = messageTypeName(message.type) ?? options.typeName?.(message.type);
  const control = message.type === NLMSG_ERROR || message.type === NLMSG_DONE;
  const kind = control ? 'ack' : options.flagKind?.(message.type);
  const flags = netlinkFlagNames(message.flags, kind ? { [kind]: true } : {});
  let lines = [
    `${typeName ?? 'type'} (${message.type}) len=${16 + message.payload.length} ` +
      `flags=${flags.join('|') || '0'} seq=${message.seq} pid=${message.pid}`,
  ];
  try {
    if (message.type === NLMSG_ERROR) lines.push(...formatError(message));
    else if (message.type === NLMSG_DONE) lines.push(...formatDone(message));
    // concat, not push(...body): a spread of a huge body's lines would overflow the stack.
    else lines = lines.concat(formatBody(message.payload, options));
  } catch (error) {
    lines.push(`  malformed: ${(error as Error).message}`, `  ${hex(message.payload, options.maxHexBytes ?? 64)}`);
  }
  return lines.join('\n');
}

function formatError(message: NetlinkMessage): string[] {
  const error = parseErrorMessage(message);
  const head = error.errno === 0 ? '  ack' : `  error ${formatErrno(error.errno, { description: true })}`;
  return [`${head} for type ${error.request.type} seq ${error.request.seq}`, ...formatExtAck(error.extAck)];
}

function formatDone(message: NetlinkMessage): string[] {
  const done = parseDoneMessage(message);
  return done.errno === 0 ? [] : [`  error ${formatErrno(done.errno, { description: true })}`, ...formatExtAck(done.extAck)];
}

function formatExtAck(ack: ExtAck): string[] {
  const lines: string[] = [];
  if (ack.message !== undefined) lines.push(`  message: ${JSON.stringify(ack.message)}`);
  if (ack.offset !== undefined) lines.push(`  offset: ${ack.offset}`);
  if (ack.missingType !== undefined) lines.push(`  missing attribute type: ${ack.missingType}`);
  if (ack.missingNest !== undefined) lines.push(`  missing in nest at offset: ${ack.missingNest}`);
  if (ack.cookie !== undefined) lines.push(`  cookie: ${hex(ack.cookie, 64)}`);
  return lines;
}

function formatBody(payload: Uint8Array, options: FormatOptions): string[] {
  const headerLength = Math.min(options.headerLength ?? 0, payload.length);
  const lines: string[] = [];
  if (headerLength > 0) lines.push(`  header: ${hex(payload.subarray(0, headerLength), headerLength)}`);
  const rest = payload.subarray(headerLength);
  if (rest.length > 0) {
    if (options.headerLength === undefined) lines.push(`  payload: ${hex(rest, options.maxHexBytes ?? 64)}`);
    else formatAttributes(rest, [], options, 1, options.maxDepth ?? NESTING_DEPTH_LIMIT, lines);
  }
  return lines;
}

/**
 * Appends the lines of the attribute set `bytes`, at level `depth`, to `lines`: one array for the whole
 * tree, since returning each nest's lines to be copied into its parent's costs depth × lines. A nest
 * found at level `maxDepth` is not opened, which bounds the recursion and the indentation.
 */
function formatAttributes(bytes: Uint8Array, path: readonly number[], options: FormatOptions, depth: number, maxDepth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  for (const attribute of iterateAttributes(bytes)) {
    const name = options.attributeName?.(attribute.type, path);
    const flagText = `${attribute.nested ? ' NESTED' : ''}${attribute.netByteOrder ? ' NET_BYTEORDER' : ''}`;
    const label = `${indent}${name ? `${name} ` : ''}[${attribute.type}${flagText}] len=${NLA_HDRLEN + attribute.payload.length}`;
    if (!(options.isNested?.(attribute.type, path) ?? looksNested(attribute, options))) {
      lines.push(`${label}: ${leaf(attribute.payload, options.maxHexBytes ?? 64)}`);
    } else if (depth >= maxDepth) {
      lines.push(`${label} { nested deeper than ${maxDepth} levels: ${attribute.payload.length} bytes not shown }`);
    } else if (attribute.payload.length > 0 && !parsesAsAttributes(attribute.payload)) {
      // Flagged or declared a nest, but its bytes are not attributes: said here, and the rest of the
      // message still prints (thrown, it would turn the whole message into one malformed line).
      lines.push(`${label} (not attributes): ${hex(attribute.payload, options.maxHexBytes ?? 64)}`);
    } else {
      lines.push(`${label} {`);
      formatAttributes(attribute.payload, [...path, attribute.type], options, depth + 1, maxDepth, lines);
      lines.push(`${indent}}`);
    }
  }
}

function looksNested(attribute: Attribute, options: FormatOptions): boolean {
  if (attribute.nested) return true;
  if (options.guessNested === false || attribute.payload.length < 2 * NLA_HDRLEN) return false;
  return parsesAsAttributes(attribute.payload);
}

/** Hex, plus the text when the payload is a printable NUL-terminated string. */
function leaf(payload: Uint8Array, max: number): string {
  const text = printable(payload);
  return text === undefined ? hex(payload, max) : `${JSON.stringify(text)} (${hex(payload, max)})`;
}

function printable(payload: Uint8Array): string | undefined {
  if (payload.length < 2 || payload[payload.length - 1] !== 0) return undefined;
  let text = '';
  for (let i = 0; i < payload.length - 1; i++) {
    const c = payload[i]!;
    if (c < 0x20 || c > 0x7e) return undefined;
    text += String.fromCharCode(c);
  }
  return text;
}

/** Space-separated hex bytes, cut after `max` with a count of what was left out. */
export function hex(bytes: Uint8Array, max = Infinity): string {
  const shown = Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${shown} … (+${bytes.length - max} bytes)` : shown || '(empty)';
}
