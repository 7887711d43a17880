// Entry point of the linx netlink addon: the NetlinkSocket class and the constants the TypeScript side
// checks its own against.
#include <napi.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "receiver.h"
#include "socket.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

namespace {

Napi::Object Constants(Napi::Env env) {
  Napi::Object constants = Napi::Object::New(env);
  auto set = [&](const char* name, double value) { constants.Set(name, Napi::Number::New(env, value)); };
  set("AF_NETLINK", AF_NETLINK);
  set("SOL_SOCKET", SOL_SOCKET);
  set("SOL_NETLINK", SOL_NETLINK);
  set("SO_SNDBUF", SO_SNDBUF);
  set("SO_RCVBUF", SO_RCVBUF);
  set("SO_SNDBUFFORCE", SO_SNDBUFFORCE);
  set("SO_RCVBUFFORCE", SO_RCVBUFFORCE);
  set("NETLINK_ADD_MEMBERSHIP", NETLINK_ADD_MEMBERSHIP);
  set("NETLINK_DROP_MEMBERSHIP", NETLINK_DROP_MEMBERSHIP);
  set("NETLINK_PKTINFO", NETLINK_PKTINFO);
  set("NETLINK_BROADCAST_ERROR", NETLINK_BROADCAST_ERROR);
  set("NETLINK_NO_ENOBUFS", NETLINK_NO_ENOBUFS);
  set("NETLINK_LISTEN_ALL_NSID", NETLINK_LISTEN_ALL_NSID);
  set("NETLINK_LIST_MEMBERSHIPS", NETLINK_LIST_MEMBERSHIPS);
  set("NETLINK_CAP_ACK", NETLINK_CAP_ACK);
  set("NETLINK_EXT_ACK", NETLINK_EXT_ACK);
  set("NETLINK_GET_STRICT_CHK", NETLINK_GET_STRICT_CHK);
  set("META_STRIDE", linx::kMetaStride);
  set("META_NO_NSID", linx::kNoNsid);
  return constants;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("NetlinkSocket", linx::NetlinkSocket::Define(env));
  exports.Set("constants", Constants(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(linx_netlink, Init)
