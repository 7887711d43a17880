// Generic netlink families as `genl ctrl list` (iproute2 6.1) prints them: its layout, blank lines and
// trailing spaces included, so the two can be compared byte for byte.
import type { GenlFamily } from '@linx/genl';
import { nlctrl } from '@linx/genl';

const hex = (n: number) => `0x${n.toString(16)}`;

/** An operation's flags as the bits nlctrl sent (the names linx gives them back to numbers). */
function flagBits(flags: readonly (string | number)[]): number {
  let bits = 0;
  for (const flag of flags) bits |= typeof flag === 'number' ? flag : (nlctrl.opFlagsValues as Record<string, number>)[flag] ?? 0;
  return bits;
}

/** The words genl prints for the capability bits it knows, in its order. */
const CAPABILITIES: [keyof typeof nlctrl.opFlagsValues, string][] = [
  ['admin-perm', ' requires admin permission;'],
  ['cmd-cap-do', ' can doit;'],
  ['cmd-cap-dump', ' can dumpit;'],
  ['cmd-cap-haspol', ' has policy'],
];

export function familyText(family: GenlFamily): string {
  let text = `\nName: ${family.name}\n`;
  text += `\tID: ${hex(family.id)}  Version: ${hex(family.version)}  header size: ${family.hdrsize}  max attribs: ${family.maxattr} \n`;
  if (family.operations.length > 0) {
    text += '\tcommands supported: \n';
    family.operations.forEach((op, i) => {
      text += `\t\t#${i + 1}:  ID-${hex(op.cmd)} `;
      const bits = flagBits(op.flags);
      if (bits !== 0) {
        text += `\n\t\tCapabilities (${hex(bits)}):\n \t\t `;
        for (const [flag, words] of CAPABILITIES) if (bits & nlctrl.opFlagsValues[flag]) text += words;
        text += '\n';
      }
      text += '\n';
    });
    text += '\n';
  }
  if (family.groups.length > 0) {
    text += '\tmulticast groups:\n';
    family.groups.forEach((group, i) => {
      text += `\t\t#${i + 1}:  ID-${hex(group.id)}  name: ${group.name} \n`;
    });
    text += '\n';
  }
  return text;
}
