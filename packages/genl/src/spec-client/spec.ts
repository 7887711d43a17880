import type { Attributes, AttrSetDecl, AttrsInput, AttrsValue, Fields, StructDecl, StructInput, StructValue } from '@linx/netlink-codec';

/** One mode of an operation, as generated: the request's command and attribute names, the reply's where there is one. */
export interface ModeSpec {
  readonly request: { readonly cmd: number; readonly attributes: readonly string[] };
  readonly reply?: { readonly cmd: number; readonly attributes: readonly string[] };
}

/** An operation, as generated: its attribute set, its fixed header (after genlmsghdr) where the family has one, its modes. */
export interface OperationSpec {
  readonly attrs: AttrSetDecl<any>;
  readonly header?: StructDecl<any>;
  readonly do?: ModeSpec;
  readonly dump?: ModeSpec;
}

/** A notification or event, as generated: its command, set, the attributes it carries, its group. */
export interface NotificationSpec {
  readonly cmd: number;
  readonly attrs: AttrSetDecl<any>;
  readonly header?: StructDecl<any>;
  readonly attributes?: readonly string[];
  readonly group?: string;
}

/**
 * What a typed client needs of a family: what tools/ynl-gen generates for every genetlink spec (`import
 * * as netdev from '@linx/genl/netdev'` … `declarations`), or what `@linx/genl/spec` builds from a spec
 * loaded at run time.
 */
export interface GenlSpec {
  readonly family: { readonly name: string };
  readonly operations: { readonly [operation: string]: OperationSpec };
  readonly notifications: { readonly [name: string]: NotificationSpec };
  readonly groupNotifications: { readonly [group: string]: readonly string[] };
}

export type Mode = 'do' | 'dump';

type Ops<S extends GenlSpec> = S['operations'];
type SetAttrs<D> = D extends AttrSetDecl<infer A> ? A : Attributes;
type HeaderFields<O> = O extends { readonly header: StructDecl<infer F> } ? F : never;
type Listed<L> = L extends { readonly attributes: readonly (infer N)[] } ? N & string : never;
type Pick2<T, K> = Pick<T, Extract<keyof T, K>>;

/** A spec whose operation names are known only at run time (`@linx/genl/spec`): typed loosely. */
type Loose<S extends GenlSpec> = string extends keyof Ops<S> ? true : false;

/** The operations of `S` that can be called in mode `M` (any name for a spec loaded at run time). */
export type OperationName<S extends GenlSpec, M extends Mode> =
  Loose<S> extends true
    ? string
    : {
        [K in keyof Ops<S>]: Ops<S>[K] extends { readonly [P in M]: ModeSpec } ? K : never;
      }[keyof Ops<S>] &
        string;

type ModeOf<S extends GenlSpec, Op extends keyof Ops<S>, M extends Mode> = Ops<S>[Op] extends { readonly [P in M]: infer X } ? X : never;

/** The attributes a request of `Op` in mode `M` takes: those the spec lists for it, all optional. */
export type RequestOf<S extends GenlSpec, Op extends keyof Ops<S>, M extends Mode> = Loose<S> extends true ? Record<string, unknown> : Pick2<AttrsInput<SetAttrs<Ops<S>[Op]['attrs']>>, Listed<ModeOf<S, Op, M> extends { readonly request: infer R } ? R : never>>;

/** A decoded reply of `Op` in mode `M`: the attributes the spec lists for it (and the fixed header's fields under `fixedHeader`, for families with one); `void` when the spec gives no reply. */
export type ReplyOf<S extends GenlSpec, Op extends keyof Ops<S>, M extends Mode> = Loose<S> extends true
  ? Record<string, unknown>
  : ModeOf<S, Op, M> extends { readonly reply: infer R }
  ? Pick2<AttrsValue<SetAttrs<Ops<S>[Op]['attrs']>>, Listed<R>> & FixedHeaderValue<Ops<S>[Op]>
  : void;

/** `{ fixedHeader }` of a reply, for an operation whose family has a fixed header (OVS's dp_ifindex); nothing otherwise. */
export type FixedHeaderValue<O> = [HeaderFields<O>] extends [never] ? {} : { fixedHeader: StructValue<Extract<HeaderFields<O>, Fields>> };

/** `{ fixedHeader }` an operation's request needs, for a family with a fixed header; nothing otherwise. */
export type FixedHeaderInput<S extends GenlSpec, Op extends keyof Ops<S>> = [HeaderFields<Ops<S>[Op]>] extends [never] ? {} : { fixedHeader: StructInput<Extract<HeaderFields<Ops<S>[Op]>, Fields>> };

/** The multicast groups of `S`, by name. */
export type GroupName<S extends GenlSpec> = keyof S['groupNotifications'] & string;

type NotificationsOf<S extends GenlSpec, G extends GroupName<S>> = S['groupNotifications'][G][number] & keyof S['notifications'] & string;
type NotificationAttrs<N> = N extends { readonly attrs: infer D; readonly attributes: readonly (infer K)[] }
  ? Pick2<AttrsValue<SetAttrs<D>>, K>
  : N extends { readonly attrs: infer D }
    ? AttrsValue<SetAttrs<D>>
    : never;

/** One notification of group `G`, decoded: its name (discriminating the union), command and attributes. */
export type NotificationOf<S extends GenlSpec, G extends GroupName<S>> = {
  [N in NotificationsOf<S, G>]: { kind: 'notification'; name: N; cmd: number; attrs: NotificationAttrs<S['notifications'][N]> } & FixedHeaderValue<S['notifications'][N]>;
}[NotificationsOf<S, G>];
