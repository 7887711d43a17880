import type { MessageInput, MessageValue } from '@linx/netlink-codec';
import type { CallOptions, FamilyClient, ListOptions } from '@linx/netlink-client';
import { NetlinkError } from '@linx/netlink-wire';
import { FamilyNotFoundError } from './errors.js';
import { ctrlAttrs, requestCommandValues } from './generated/nlctrl.js';
import { GENL_ID_CTRL, genlMessage, type genlmsghdr } from './header.js';

/** nlctrl's messages: genlmsghdr, then its attributes (CTRL_ATTR_*). */
export const ctrlMessage = genlMessage('ctrl', ctrlAttrs);

type GenlHeader = (typeof genlmsghdr)['fields'];
type CtrlAttributes = (typeof ctrlAttrs)['attributes'];
/** A decoded nlctrl message. */
export type CtrlValue = MessageValue<GenlHeader, CtrlAttributes>;
type CtrlAttrsInput = MessageInput<GenlHeader, CtrlAttributes>['attrs'];

/**
 * The version linx's requests to nlctrl carry in genlmsghdr. nlctrl does not look at it (its replies say
 * version 2, CTRL_ATTR_VERSION); iproute2's genl sends 0, the kernel's YNL library 1.
 */
const CTRL_REQUEST_VERSION = 1;

const request = (cmd: number, attrs: CtrlAttrsInput): MessageInput<GenlHeader, CtrlAttributes> => ({ header: { cmd, version: CTRL_REQUEST_VERSION, reserved: 0 }, attrs });

/** CTRL_CMD_GETFAMILY of one family by name; `FamilyNotFoundError` when there is none (nlctrl answers ENOENT). */
export async function getFamily(client: FamilyClient, name: string, options: CallOptions = {}): Promise<CtrlValue> {
  try {
    const [reply] = await client.request(ctrlMessage, GENL_ID_CTRL, request(requestCommandValues.getfamily, { familyName: name }), 0, options);
    if (reply === undefined) throw new FamilyNotFoundError(name);
    return reply;
  } catch (error) {
    if (error instanceof NetlinkError && error.errnoName === 'ENOENT') throw new FamilyNotFoundError(name, { cause: error });
    throw error;
  }
}

/** CTRL_CMD_GETFAMILY as a dump: every family registered in the namespace. */
export async function dumpFamilies(client: FamilyClient, options: ListOptions = {}): Promise<CtrlValue[]> {
  return client.dumpAll(ctrlMessage, GENL_ID_CTRL, request(requestCommandValues.getfamily, {}), options);
}

/**
 * CTRL_CMD_GETPOLICY (a dump) for a family by name, for all its commands or one (`op`): the messages
 * carrying the per-command policy indexes (CTRL_ATTR_OP_POLICY) and the policies (CTRL_ATTR_POLICY).
 * `FamilyNotFoundError` when there is no such family.
 */
export async function dumpPolicy(client: FamilyClient, name: string, op: number | undefined, options: ListOptions = {}): Promise<CtrlValue[]> {
  try {
    return await client.dumpAll(ctrlMessage, GENL_ID_CTRL, request(requestCommandValues.getpolicy, op === undefined ? { familyName: name } : { familyName: name, op }), options);
  } catch (error) {
    if (error instanceof NetlinkError && error.errnoName === 'ENOENT') throw new FamilyNotFoundError(name, { cause: error });
    throw error;
  }
}
