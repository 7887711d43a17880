// Route sockets a test file opens in its namespace, all closed together in afterAll.
import { RawNetlinkSocket } from '../../src/native/index.js';
import { NETLINK_ROUTE } from '@linx/netlink-wire';

export interface SocketSet {
  /** Opens a NETLINK_ROUTE socket in the namespace `netns()` names, to be closed by `closeAll`. */
  open(): RawNetlinkSocket;
  closeAll(): void;
}

export function socketSet(netns: () => string): SocketSet {
  const sockets: RawNetlinkSocket[] = [];
  return {
    open() {
      const socket = RawNetlinkSocket.open({ protocol: NETLINK_ROUTE, netns: netns() });
      sockets.push(socket);
      return socket;
    },
    closeAll() {
      for (const socket of sockets.splice(0)) socket.close();
    },
  };
}
