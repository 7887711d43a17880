import type { OpFlags } from './generated/nlctrl.js';
import type { CtrlValue } from './nlctrl.js';

/** One command a family offers, as nlctrl lists it: its number and what it can do. */
export interface FamilyOperation {
  /** The command (genlmsghdr.cmd). */
  cmd: number;
  /** `cmd-cap-do`, `cmd-cap-dump`, `cmd-cap-haspol`, `admin-perm`, `uns-admin-perm` (a bit this version of linx has no name for: its value). */
  flags: (OpFlags | number)[];
}

/** A multicast group of a family: its name and the group number to join. */
export interface FamilyGroup {
  name: string;
  id: number;
}

/** A generic netlink family as nlctrl describes it (CTRL_CMD_GETFAMILY). */
export interface GenlFamily {
  name: string;
  /** The family id: the nlmsg_type of its messages, in this namespace's kernel. */
  id: number;
  /** The family's interface version (genlmsghdr.version). */
  version: number;
  /** Size of the family's own header after genlmsghdr (0 for most). */
  hdrsize: number;
  /** The highest attribute number of its (main) attribute set. */
  maxattr: number;
  operations: FamilyOperation[];
  groups: FamilyGroup[];
}

/** A CTRL_CMD_NEWFAMILY message (a reply or a notification) as a `GenlFamily`. */
export function familyOf(message: CtrlValue): GenlFamily {
  const a = message.attrs;
  return {
    name: a.familyName ?? '',
    id: a.familyId ?? 0,
    version: a.version ?? 0,
    hdrsize: a.hdrsize ?? 0,
    maxattr: a.maxattr ?? 0,
    operations: (a.ops ?? []).map((op) => ({ cmd: op.id ?? 0, flags: op.flags ?? [] })),
    groups: (a.mcastGroups ?? []).map((g) => ({ name: g.name ?? '', id: g.id ?? 0 })),
  };
}
