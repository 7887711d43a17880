import type { ReceiveHandlers, Transport } from '@linx/netlink-socket';

/**
 * A socket that never keeps the process alive: the engine refs a connection's socket while a subscription
 * is open, which is right for a monitor someone iterates, and wrong for the family cache's watch on nlctrl,
 * which only keeps a cache current and must not stop a program from exiting when it is done.
 */
export class UnrefTransport implements Transport {
  constructor(private readonly socket: Transport) {
    socket.unref?.();
  }

  get portId(): number {
    return this.socket.portId;
  }
  get closed(): boolean {
    return this.socket.closed;
  }
  send(bytes: Uint8Array): number {
    return this.socket.send(bytes);
  }
  start(handlers: ReceiveHandlers): void {
    this.socket.start(handlers);
  }
  pause(): void {
    this.socket.pause();
  }
  resume(): void {
    this.socket.resume();
  }
  addMembership(group: number): void {
    this.socket.addMembership(group);
  }
  dropMembership(group: number): void {
    this.socket.dropMembership(group);
  }
  close(): void {
    this.socket.close();
  }
  ref(): void {
    // (Never: see the class comment.)
  }
  unref(): void {
    this.socket.unref?.();
  }
  setExtendedAck(on: boolean): void {
    this.socket.setExtendedAck?.(on);
  }
  setStrictCheck(on: boolean): void {
    this.socket.setStrictCheck?.(on);
  }
  setCapAck(on: boolean): void {
    this.socket.setCapAck?.(on);
  }
  setPacketInfo(on: boolean): void {
    this.socket.setPacketInfo?.(on);
  }
  setReadAhead(on: boolean): void {
    this.socket.setReadAhead?.(on);
  }
}
