/**
 * iproute2's habits in the link requests linx sends, the one thing about links declared by hand. The
 * formats themselves — the link attributes, every kind's IFLA_INFO_DATA and IFLA_INFO_SLAVE_DATA, their
 * enums — are the generated declarations (`rtLink.linkMessage`, ../generated/rt-link.ts, completed by
 * ynl-gen's rt-link overlays); replies are decoded with those. What `ip link add/set` does differently
 * when it writes them, and so linx too, so that its requests are iproute2's bytes:
 * - the link attributes in iproute2's order: the settings, then IFLA_LINK, IFLA_IFNAME, IFLA_LINKINFO last;
 * - nests without NLA_F_NESTED (iproute2's addattr_nest), at every level: IFLA_LINKINFO, IFLA_INFO_DATA, a
 *   veth's or netkit's peer, a vlan's QoS maps, a bond's ARP targets…;
 * - kind names without a NUL (IFLA_INFO_KIND, also in dump filters), and IFLA_IFALIAS without one (so an
 *   empty alias clears it);
 * - port settings (`ip link set DEV type bridge_slave|bond_slave …`) under IFLA_INFO_KIND "bridge_slave" /
 *   "bond_slave" with IFLA_INFO_SLAVE_DATA (the kernel takes the port's settings by its master's kind).
 * Decoding with this layout gives what the generated declaration gives (same ids and types).
 */
import {
  attr,
  attrset,
  message,
  nest,
  resolve,
  subMessage,
  type AttrDecl,
  type AttrSetDecl,
  type SubMessageFormats,
  type TypeDecl,
} from '@linx/netlink-codec';
import {
  bondSlaveAttrs,
  ifinfomsg,
  linkAttrs,
  linkinfoAttrs,
  linkinfoBrportAttrs,
  linkinfoDataMsgFormats,
  linkMessage,
} from '../generated/rt-link.js';
import { unterminatedText } from '../shared/unterminated-text.js';

type AnyType = TypeDecl & { kind: string; [key: string]: unknown };

const flagless = new Map<AttrSetDecl, AttrSetDecl>();

/** `set` with every nest in it (and in what it nests) written without NLA_F_NESTED, as iproute2 writes them. */
function withoutNestedFlags(set: AttrSetDecl): AttrSetDecl {
  const done = flagless.get(set);
  if (done) return done;
  const attributes: Record<string, AttrDecl> = {};
  const copy = attrset(set.name, attributes);
  flagless.set(set, copy);
  for (const [name, decl] of Object.entries(set.attributes)) {
    const type = retype(decl.type as AnyType);
    attributes[name] = type === decl.type ? decl : { ...decl, type, nestedFlag: false };
  }
  return copy;
}

/** The same type with its nested sets flagless; nests are referred to lazily (the link attributes nest themselves through a veth's peer). */
function retype(type: AnyType): TypeDecl {
  switch (type.kind) {
    case 'nest': {
      const attrs = type.attrs as AttrSetDecl | (() => AttrSetDecl);
      return { ...type, attrs: () => withoutNestedFlags(resolve(attrs)) } as TypeDecl;
    }
    case 'indexed-array':
    case 'type-value':
      return { ...type, item: retype(type.item as AnyType) } as TypeDecl;
    case 'sub-message': {
      const formats: Record<string, object> = {};
      for (const [value, format] of Object.entries(type.formats as SubMessageFormats)) {
        const attrs = (format as { attrs?: AttrSetDecl | (() => AttrSetDecl) }).attrs;
        formats[value] = attrs === undefined ? format : { ...format, attrs: () => withoutNestedFlags(resolve(attrs)) };
      }
      return { ...type, formats } as TypeDecl;
    }
    default:
      return type;
  }
}

/**
 * A kind name as iproute2 sends it: without a NUL (iplink.c adds it with `addattr_l(…, strlen(type))`; the
 * kernel compares it with nla_strcmp or copies it with nla_strscpy, which take both). At most 63 bytes, the
 * bound `links.list({ kind })` checks (the kernel's own kinds are shorter: MODULE_NAME_LEN, 56 with the NUL).
 */
const kindText = unterminatedText('link-kind', 63);

/** IFLA_INFO_SLAVE_DATA of `ip link set DEV type bridge_slave|bond_slave`, by the IFLA_INFO_KIND iproute2 sends. */
const portSettingFormats = {
  bridge_slave: { attrs: linkinfoBrportAttrs },
  bond_slave: { attrs: bondSlaveAttrs },
};

const { data, slaveData } = linkinfoAttrs.attributes;
const linkinfoRequestAttrs = withoutNestedFlags(
  attrset('linkinfo-attrs', {
    ...linkinfoAttrs.attributes,
    kind: attr(linkinfoAttrs.attributes.kind.id, kindText),
    data: attr(data.id, subMessage('kind', linkinfoDataMsgFormats, 'linkinfo-data-msg')),
    slaveKind: attr(linkinfoAttrs.attributes.slaveKind.id, kindText),
    slaveData: attr(slaveData.id, subMessage('kind', portSettingFormats, 'linkinfo-member-data-msg')),
  }),
);

const IFALIASZ = 256;
/** IFLA_IFALIAS as iproute2 sends it: the text without a NUL; '' (zero bytes) removes the alias. */
const aliasText = unterminatedText('ifalias', IFALIASZ - 1);

const { mtu, address, broadcast, txqlen, ifalias, master, netNsPid, netNsFd, link, ifname, linkinfo, ...others } = linkAttrs.attributes;

/**
 * The link attributes for requests, in the order iproute2 writes them (settings, then IFLA_LINK,
 * IFLA_IFNAME, IFLA_LINKINFO last), nests without NLA_F_NESTED.
 */
export const linkRequestAttrs: AttrSetDecl<typeof linkAttrs.attributes> = withoutNestedFlags(
  attrset('link-attrs', {
    mtu,
    address,
    broadcast,
    txqlen,
    ifalias: attr(ifalias.id, aliasText),
    master,
    netNsPid,
    netNsFd,
    ...others,
    link,
    ifname,
    linkinfo: attr(linkinfo.id, nest(linkinfoRequestAttrs)),
  }),
) as never;

/** The link message for the requests linx sends (RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK), laid out like iproute2's. */
export const linkRequestMessage = message('link', { header: ifinfomsg, attrs: linkRequestAttrs, types: linkMessage.types });
