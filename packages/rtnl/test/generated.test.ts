// The generated rtnetlink declarations as a user of @linx/rtnl meets them: namespaces per spec, every
// message compiles, and TypeScript infers the decoded shapes from the declarations.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { compileMessage, type AttrSetDecl, type MessageDecl, type StructDecl } from '@linx/netlink-codec';
import { compileAttrSet, compileStruct } from '@linx/netlink-codec/runtime';
import * as rtnl from '../src/protocol.js';
import { rtAddr, rtLink, rtNeigh, rtRoute, rtRule } from '../src/protocol.js';

/** The spec namespaces among the package's exports. */
const specs = { rtAddr, rtLink, rtNeigh, rtRoute, rtRule };

const kinds = (ns: object, kind: string) => Object.entries(ns).filter(([, v]) => (v as { kind?: string })?.kind === kind);

describe('@linx/rtnl generated declarations', () => {
  it('are exported under one namespace per spec', () => {
    expect(Object.keys(rtnl)).toEqual(expect.arrayContaining(['rtAddr', 'rtLink', 'rtNeigh', 'rtRoute', 'rtRule']));
    expect(rtLink.family).toEqual({ name: 'rt-link', protocol: 'netlink-raw', protonum: 0 });
    expect(rtRule.family.name).toBe('rt-rule');
  });

  it.each(Object.entries(specs))('%s: every set, struct and message compiles', (_name, ns) => {
    for (const [, decl] of kinds(ns, 'attrset')) compileAttrSet(decl as AttrSetDecl);
    for (const [, decl] of kinds(ns, 'structdecl')) compileStruct(decl as StructDecl);
    const messages = kinds(ns, 'message');
    expect(messages.length).toBeGreaterThan(0);
    for (const [, decl] of messages) compileMessage(decl as MessageDecl);
  });

  it('message types are the RTM_* numbers', () => {
    expect(rtLink.linkMessage.types).toMatchObject({ newlink: 16, dellink: 17, getlink: 18, setlink: 19 });
    expect(rtAddr.addrMessage.types).toMatchObject({ newaddr: 20, deladdr: 21, getaddr: 22 });
    expect(rtRoute.routeMessage.types).toMatchObject({ newroute: 24, delroute: 25, getroute: 26 });
    expect(rtNeigh.neighbourMessage.types).toMatchObject({ newneigh: 28, delneigh: 29, getneigh: 30 });
    expect(rtRule.fibRuleMessage.types).toMatchObject({ newrule: 32, delrule: 33, getrule: 34 });
  });

  // A type test: tsc checks it (the typecheck step of `npm test`); at run time expectTypeOf does nothing.
  it('decoded values are typed from the declarations', () => {
    const link = compileMessage(rtLink.linkMessage);
    type Link = ReturnType<typeof link.decode>;
    expectTypeOf<Link['header']['ifiIndex']>().toEqualTypeOf<number>();
    expectTypeOf<Link['attrs']['ifname']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Link['attrs']['mtu']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Link['attrs']['address']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Link['attrs']['stats64']>().toMatchTypeOf<{ rxPackets: bigint; txBytes: bigint } | undefined>();
    expectTypeOf<Link['attrs']['linkinfo']>().toMatchTypeOf<{ kind?: string } | undefined>();
    expectTypeOf<Link['header']['ifiFlags']>().toEqualTypeOf<(rtLink.IfinfoFlags | number)[]>();
    const route = compileMessage(rtRoute.routeMessage);
    type Route = ReturnType<typeof route.decode>;
    expectTypeOf<Route['header']['rtmType']>().toEqualTypeOf<rtRoute.RtmType | number>();
    expectTypeOf<Route['attrs']['table']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Route['attrs']['metrics']>().toMatchTypeOf<{ mtu?: number; ccAlgo?: string } | undefined>();
    expectTypeOf(link.encode).toBeCallableWith({ attrs: { ifname: 'eth0', mtu: 1500 } });
    // @ts-expect-error: not an attribute of link-attrs
    expectTypeOf(link.encode).toBeCallableWith({ attrs: { nosuch: 1 } });
    // @ts-expect-error: the MTU is a number
    expectTypeOf(link.encode).toBeCallableWith({ attrs: { mtu: 'big' } });
  });
});
