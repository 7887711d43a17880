#include "netns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include <cerrno>
#include <system_error>
#include <thread>

namespace linx {
namespace {

OpenResult CreateSocket(int protocol) {
  int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol);
  if (fd < 0) return {-1, "socket", errno};
  return {fd, nullptr, 0};
}

// Runs on the dedicated thread: whatever happens, the thread ends right after, taking its namespace
// with it.
OpenResult CreateSocketIn(int protocol, const NetnsTarget& target) {
  int nsfd = target.fd;
  if (target.kind == NetnsTarget::Kind::kPath) {
    nsfd = ::open(target.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (nsfd < 0) return {-1, "open", errno};
  }
  OpenResult result;
  if (::setns(nsfd, CLONE_NEWNET) != 0) {
    result = {-1, "setns", errno};
  } else {
    result = CreateSocket(protocol);
  }
  if (target.kind == NetnsTarget::Kind::kPath) ::close(nsfd);
  return result;
}

}  // namespace

OpenResult OpenNetlinkSocket(int protocol, const NetnsTarget& target) {
  if (target.kind == NetnsTarget::Kind::kCurrent) return CreateSocket(protocol);
  OpenResult result{-1, "thread", EAGAIN};
  try {
    std::thread worker([&result, protocol, &target] { result = CreateSocketIn(protocol, target); });
    worker.join();
  } catch (const std::system_error& error) {
    return {-1, "thread", error.code().value() != 0 ? error.code().value() : EAGAIN};
  }
  return result;
}

}  // namespace linx
