import { compileMessage, type AttrDecl, type MessageDecl } from '@linx/netlink-codec';
import { attributePathInPayload } from '@linx/netlink-codec/runtime';
import type { CallOptions, ListOptions } from '@linx/netlink-client';
import { NetlinkError, NLM_F_DUMP, NLMSG_HDRLEN } from '@linx/netlink-wire';
import { GroupNotFoundError, NoReplyError, OperationNotSupportedError, PolicyViolationError } from '../errors.js';
import type { GenlFamily } from '../family.js';
import type { Genl } from '../genl.js';
import { checkPolicy } from '../policy-check.js';
import type { FamilyPolicy } from '../policy.js';
import { GenlEvents } from './events.js';
import { fixedHeaderOf, genlMessageOf } from './message.js';
import type { FixedHeaderInput, GenlSpec, GroupName, Mode, ModeSpec, OperationName, OperationSpec, ReplyOf, RequestOf } from './spec.js';

/** Options of a typed client. */
export interface GenlClientOptions {
  /**
   * Check each request against the policy the kernel will check it with (CTRL_CMD_GETPOLICY, fetched once
   * per command and cached) before sending it, and refuse it with a `PolicyViolationError` naming the
   * attribute (default true). Off, a bad request goes out and the kernel's refusal comes back as its
   * `NetlinkError` (ext-ack text, the attribute named).
   */
  checkPolicy?: boolean;
}

/** A call's options, and the fixed header's fields for a family that has one (OVS: `{ fixedHeader: { dpIfindex } }`). */
export type OperationOptions<S extends GenlSpec, Op extends keyof S['operations'], Extra> = Extra & FixedHeaderInput<S, Op>;

type OptionalIfEmpty<S extends GenlSpec, Op extends keyof S['operations'], Extra> = {} extends FixedHeaderInput<S, Op> ? [options?: OperationOptions<S, Op, Extra>] : [options: OperationOptions<S, Op, Extra>];

/**
 * A typed client of one generic netlink family, made from its spec (the declarations tools/ynl-gen
 * generates: `operations`, `notifications`, `groupNotifications`): `do` and `dump` by operation name with
 * the request and reply types the spec gives, `subscribe` by group name with typed notifications.
 *
 *     const netdev = genlClient(open({ netns: 'blue' }), declarations);
 *     const dev = await netdev.do('dev-get', { ifindex: 1 });       // { ifindex, xdpFeatures, … }
 *     for (const d of await netdev.dump('dev-get')) console.log(d.ifindex, d.xdpFeatures);
 *     for await (const event of await netdev.subscribe('mgmt')) if (event.kind === 'notification') console.log(event.name, event.attrs);
 *
 * Before anything is sent: an operation the spec does not have, or that the running kernel's family does
 * not offer (nlctrl), is an `OperationNotSupportedError`; an unknown family a `FamilyNotFoundError`; a
 * request the family's policy refuses a `PolicyViolationError` (see `GenlClientOptions.checkPolicy`).
 */
export class GenlClient<S extends GenlSpec> {
  readonly #policies = new Map<number, Promise<FamilyPolicy>>();
  readonly #checkPolicy: boolean;

  constructor(
    readonly genl: Genl,
    readonly spec: S,
    options: GenlClientOptions = {},
  ) {
    this.#checkPolicy = options.checkPolicy ?? true;
  }

  /** The family's name as the spec (and nlctrl) knows it. */
  get name(): string {
    return this.spec.family.name;
  }

  /** The family as nlctrl describes it in the handle's namespace (`FamilyNotFoundError` when it is not there). */
  family(options: CallOptions = {}): Promise<GenlFamily> {
    return this.genl.family(this.name, options);
  }

  /**
   * `do` of operation `op`: one request, its reply decoded (the attributes the spec lists for it); `void`
   * for an operation the kernel answers with an ACK only.
   */
  async do<Op extends OperationName<S, 'do'>>(op: Op, request: RequestOf<S, Op, 'do'>, ...[options]: OptionalIfEmpty<S, Op, CallOptions>): Promise<ReplyOf<S, Op, 'do'>> {
    const call = await this.#prepare(op, 'do', request, options ?? {});
    // (The family client names the attribute a kernel error's ext-ack blames.)
    const replies = await this.genl.client.request(call.decl, call.family.id, call.value, 0, options ?? {});
    if (call.mode.reply === undefined) return undefined as ReplyOf<S, Op, 'do'>;
    const [reply] = replies;
    if (reply === undefined) throw new NoReplyError(this.name, op);
    return this.#shape(call.spec, reply) as ReplyOf<S, Op, 'do'>;
  }

  /** `dump` of operation `op`: every reply, decoded; an interrupted dump is handled as `options.onInterrupt` says. */
  async dump<Op extends OperationName<S, 'dump'>>(
    op: Op,
    request: RequestOf<S, Op, 'dump'> = {} as RequestOf<S, Op, 'dump'>,
    ...[options]: OptionalIfEmpty<S, Op, ListOptions>
  ): Promise<Exclude<ReplyOf<S, Op, 'dump'>, void>[]> {
    const call = await this.#prepare(op, 'dump', request, options ?? {});
    const replies = await this.genl.client.dumpAll(call.decl, call.family.id, call.value, { ...(options ?? {}), flags: NLM_F_DUMP });
    return replies.map((reply) => this.#shape(call.spec, reply)) as Exclude<ReplyOf<S, Op, 'dump'>, void>[];
  }

  /**
   * `dump` of operation `op` as an async iterator, each reply decoded as it arrives (reading pauses while
   * the consumer is slower than the kernel), for dumps too large to hold; an interrupted dump ends with
   * `DumpInterruptedError` after its last message (`dump()` retries instead).
   */
  async *iterate<Op extends OperationName<S, 'dump'>>(
    op: Op,
    request: RequestOf<S, Op, 'dump'> = {} as RequestOf<S, Op, 'dump'>,
    ...[options]: OptionalIfEmpty<S, Op, CallOptions>
  ): AsyncGenerator<Exclude<ReplyOf<S, Op, 'dump'>, void>, void, undefined> {
    const call = await this.#prepare(op, 'dump', request, options ?? {});
    for await (const reply of this.genl.client.dump(call.decl, call.family.id, call.value, { ...(options ?? {}), flags: NLM_F_DUMP })) {
      yield this.#shape(call.spec, reply) as Exclude<ReplyOf<S, Op, 'dump'>, void>;
    }
  }

  /**
   * Joins multicast group `group` and returns its notifications as typed events (see `GenlEvents`);
   * subscribed when the promise resolves. A group the spec does not name, or the kernel's family does not
   * have, is a `GroupNotFoundError`.
   */
  async subscribe<G extends GroupName<S>>(group: G, options: CallOptions = {}): Promise<GenlEvents<S, G>> {
    const names = this.spec.groupNotifications[group];
    if (names === undefined) throw new GroupNotFoundError(this.name, group, Object.keys(this.spec.groupNotifications));
    const family = await this.family(options);
    const id = await this.genl.groupId(this.name, group, options);
    return new GenlEvents<S, G>(this.spec, group, family.id, this.genl.connection.subscribe(id));
  }

  /** The policy the kernel checks command `cmd` with, fetched once. */
  policy(cmd: number, options: CallOptions = {}): Promise<FamilyPolicy> {
    let policy = this.#policies.get(cmd);
    if (policy === undefined) {
      policy = this.genl.policy(this.name, { ...options, op: cmd });
      this.#policies.set(cmd, policy);
      // A kernel's refusal stays (it would refuse again); a timeout or an abort is asked again next time.
      policy.catch((error: unknown) => {
        if (!(error instanceof NetlinkError)) this.#policies.delete(cmd);
      });
    }
    return policy;
  }

  async #prepare(op: string, mode: Mode, request: object, options: CallOptions & { fixedHeader?: Record<string, unknown> }) {
    const spec: OperationSpec | undefined = Object.hasOwn(this.spec.operations, op) ? this.spec.operations[op] : undefined;
    if (spec === undefined) throw new OperationNotSupportedError(this.name, op, mode, 'spec', `is not an operation of its spec (it has ${Object.keys(this.spec.operations).join(', ') || 'none'})`);
    const modeSpec: ModeSpec | undefined = spec[mode];
    if (modeSpec === undefined) throw new OperationNotSupportedError(this.name, op, mode, 'spec', `is not in its spec (it has ${(['do', 'dump'] as const).filter((m) => spec[m]).join(' and ')})`);
    const family = await this.family(options);
    const cmd = modeSpec.request.cmd;
    const offered = family.operations.find((o) => o.cmd === cmd);
    const capability = mode === 'do' ? 'cmd-cap-do' : 'cmd-cap-dump';
    if (offered === undefined) throw new OperationNotSupportedError(this.name, op, mode, 'kernel', `is not offered by this kernel (nlctrl lists no command ${cmd})`);
    if (!offered.flags.includes(capability)) throw new OperationNotSupportedError(this.name, op, mode, 'kernel', `is not offered by this kernel (command ${cmd} has no ${capability})`);
    const decl = genlMessageOf(spec.attrs, spec.header);
    const value = { header: { ...(options.fixedHeader ?? {}), cmd, version: family.version, reserved: 0 }, attrs: request };
    // Checked as the bytes that will be sent (the family client encodes again when sending: a request the
    // declaration cannot encode fails there too, before anything is sent).
    if (this.#checkPolicy && offered.flags.includes('cmd-cap-haspol')) {
      const known = new Set(modeSpec.request.attributes.map((name) => (spec.attrs.attributes as Record<string, AttrDecl>)[name]?.id).filter((id): id is number => id !== undefined));
      await this.#check(op, mode, cmd, decl, compileMessage(decl).encode(value), known, options);
    }
    return { spec, mode: modeSpec, family, decl, value };
  }

  async #check(op: string, mode: Mode, cmd: number, decl: MessageDecl, payload: Uint8Array, known: ReadonlySet<number>, options: CallOptions): Promise<void> {
    let policy: FamilyPolicy;
    try {
      policy = await this.policy(cmd, options);
    } catch (error) {
      // A kernel that cannot describe the policy (an older one, without per-command CTRL_CMD_GETPOLICY)
      // leaves the request to its own checks: the pre-flight check is an aid, the kernel the authority.
      if (error instanceof NetlinkError) return;
      throw error;
    }
    // The policy was asked for this command only. The kernel reports a dump-only command's policies under
    // command 0 (netdev's qstats-get on 6.18: "op 0 policies: dump=7" in `genl ctrl policy` too), so the
    // one entry the answer has is this command's whatever its number.
    const entry = policy.operations.get(cmd) ?? (policy.operations.size === 1 ? [...policy.operations.values()][0] : undefined);
    const index = entry?.[mode];
    // No policy for this mode: the kernel does not parse the request's attributes; nothing to check against.
    if (index === undefined) return;
    const headerLength = compileMessage(decl).headerLength;
    // The attributes the spec lists for this request are left to the kernel where the dump cannot say.
    const violation = checkPolicy(policy, index, payload, headerLength, payload.length, { known });
    if (violation === undefined) return;
    // The path is named the way a kernel error's is: from the attribute's offset counted from nlmsghdr.
    const path = attributePathInPayload(decl, payload, violation.offset + NLMSG_HDRLEN);
    throw new PolicyViolationError(this.name, op, path?.text ?? String(violation.id), violation.id, violation.reason, violation.detail);
  }

  #shape(spec: OperationSpec, reply: { header?: unknown; attrs?: unknown }): object {
    const attrs = (reply.attrs ?? {}) as object;
    if (spec.header === undefined) return attrs;
    return { ...attrs, fixedHeader: fixedHeaderOf(spec.header, reply.header as Record<string, unknown>) };
  }
}

/** A typed client of the family `spec` describes, on a `Genl` handle (see `GenlClient`). */
export function genlClient<S extends GenlSpec>(genl: Genl, spec: S, options: GenlClientOptions = {}): GenlClient<S> {
  return new GenlClient(genl, spec, options);
}
