// Creating a netlink socket, in this thread's network namespace or in another one.
// Plain C++ (no Node-API), so it can be reasoned about and tested on its own.
#pragma once

#include <string>

namespace linx {

/** Where the socket is created: the caller's namespace, a namespace file path, or an open namespace fd. */
struct NetnsTarget {
  enum class Kind { kCurrent, kPath, kFd };
  Kind kind = Kind::kCurrent;
  std::string path;  // kPath: e.g. /run/netns/NAME or /proc/PID/ns/net
  int fd = -1;       // kFd: borrowed, never closed here
};

/** The socket's fd, or -1 with the failing stage and errno. */
struct OpenResult {
  int fd = -1;
  const char* stage = nullptr;
  int err = 0;
};

/**
 * Creates an AF_NETLINK SOCK_RAW socket (close-on-exec, non-blocking) for `protocol`.
 * For another namespace the work runs on a short-lived dedicated thread (open the namespace file,
 * setns(CLONE_NEWNET), socket(), exit), joined before returning: the socket stays in the namespace it
 * was created in, and the calling thread never changes namespace.
 */
OpenResult OpenNetlinkSocket(int protocol, const NetnsTarget& target);

}  // namespace linx
