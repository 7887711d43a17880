// The two wedges of issue #10 on a fake kernel that drops like the real one (net/netlink/af_netlink.c):
// a receive queue of a few datagrams; an answer that finds it full is dropped, the socket becomes
// congested (NETLINK_S_CONGESTED) and ENOBUFS is reported once; while congested, every answer is dropped
// silently, probes included, until a read finds the queue empty. Every request must settle (answered, or
// OverrunError), nothing may stay pending, and the connection must serve later requests.
import { NLMSG_NOOP, type NetlinkMessage } from '@linx/netlink-wire';
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/engine/connection.js';
import { OverrunError } from '../../src/engine/errors.js';
import { FakeKernel } from '../../src/testing/index.js';
import { RTM_GETLINK, RTM_NEWLINK, RTM_NEWROUTE, RTNLGRP_IPV4_ROUTE } from '../helpers/rtnl.js';

/** A kernel whose socket holds `capacity` datagrams; counts what it dropped. */
function congestingKernel(capacity: number) {
  let congested = false;
  /** Answers to requests (not probes, not notifications) dropped; overruns reported. */
  const state = { answersDropped: 0, overruns: 0 };
  const kernel: FakeKernel = new FakeKernel((request, k) => {
    const probe = request.type === NLMSG_NOOP;
    const answer = probe ? k.ack(request) : { messages: [k.reply(request, { type: RTM_NEWLINK, payload: new Uint8Array(16) })] };
    if (!queue(answer.messages, 0) && !probe) state.answersDropped++;
  });
  /** Queues a datagram for the socket (true), or drops it as the kernel does (false). */
  const queue = (messages: Parameters<FakeKernel['notify']>[1][], group: number): boolean => {
    // A read that found the queue empty cleared the congestion (netlink_rcv_wake).
    if (congested && kernel.backlog === 0) congested = false;
    if (congested || kernel.backlog >= capacity) {
      if (!congested) {
        congested = true;
        state.overruns++;
        kernel.overrun();
      }
      return false;
    }
    kernel.deliver({ messages, group });
    return true;
  };
  return { kernel, state, notify: (message: Parameters<FakeKernel['notify']>[1]) => queue([message], RTNLGRP_IPV4_ROUTE) };
}

const getLink = (connection: Connection) => connection.request({ type: RTM_GETLINK, payload: new Uint8Array(16) }, { ack: false });

async function outcome(calls: Promise<NetlinkMessage[]>[]) {
  const results = await Promise.all(calls.map((call) => call.then(() => 'answered', (error: unknown) => error)));
  const answered = results.filter((r) => r === 'answered').length;
  const overrun = results.filter((r) => r instanceof OverrunError).length;
  return { answered, overrun, other: results.length - answered - overrun };
}

describe('requests after an overrun settle, on a kernel that drops like the real one', () => {
  it('300 requests on a socket that holds 100 answers: every one settles, nothing stays pending, later requests are answered', async () => {
    const { kernel, state } = congestingKernel(100);
    const connection = new Connection(kernel);
    const result = await outcome(Array.from({ length: 300 }, () => getLink(connection)));
    expect(state.overruns).toBeGreaterThan(0);
    expect(result.other).toBe(0);
    expect(result.answered + result.overrun).toBe(300);
    // Exactly the requests whose answers were dropped failed.
    expect(result.overrun).toBe(state.answersDropped);
    // Probes went out until one got through (the first, sent when the overrun was reported, found the
    // socket congested).
    expect(kernel.requests.filter((r) => r.type === NLMSG_NOOP).length).toBeGreaterThan(1);
    expect(connection.pending).toBe(0);
    const later = await outcome(Array.from({ length: 50 }, () => getLink(connection)));
    expect(later).toEqual({ answered: 50, overrun: 0, other: 0 });
    connection.close();
  });

  it('a burst of notifications fills the socket, then 300 requests: every one settles, and the connection keeps serving', async () => {
    const { kernel, state, notify } = congestingKernel(64);
    const connection = new Connection(kernel);
    const subscription = connection.subscribe(RTNLGRP_IPV4_ROUTE);
    let notifications = 0;
    let overrunEvents = 0;
    subscription.on('message', () => notifications++);
    subscription.on('overrun', () => overrunEvents++);
    // The burst lands while the event loop is busy: nothing is read in between.
    for (let i = 0; i < 5000; i++) notify({ type: RTM_NEWROUTE, seq: 0, pid: 0, payload: new Uint8Array(12) });
    const result = await outcome(Array.from({ length: 300 }, () => getLink(connection)));
    expect(result.other).toBe(0);
    expect(result.answered + result.overrun).toBe(300);
    // The window's requests went out while the socket was congested; those held back until the overrun
    // was resolved were answered.
    expect(result.answered).toBe(300 - 256);
    expect(result.overrun).toBe(state.answersDropped);
    expect(overrunEvents).toBeGreaterThan(0);
    expect(notifications).toBe(64);
    expect(connection.pending).toBe(0);
    const later = await outcome(Array.from({ length: 20 }, () => getLink(connection)));
    expect(later).toEqual({ answered: 20, overrun: 0, other: 0 });
    connection.close();
  });
});

