#include "receiver.h"

#include <sys/socket.h>
#include <linux/netlink.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

namespace linx {
namespace {

// The kernel sizes the datagrams of a dump after the largest buffer recvmsg was ever offered (capped at
// 32 KiB), so every peek offers at least this much.
constexpr size_t kMinPeekSpace = 64 * 1024;

size_t Align8(size_t n) { return (n + 7) & ~static_cast<size_t>(7); }

struct Sender {
  uint32_t portId = 0;
  uint32_t group = 0;
  uint32_t nsid = kNoNsid;
};

void ReadAddress(const msghdr& msg, Sender& sender) {
  const auto* addr = static_cast<const sockaddr_nl*>(msg.msg_name);
  sender.portId = addr->nl_pid;
  sender.group = addr->nl_groups != 0 ? static_cast<uint32_t>(__builtin_ctz(addr->nl_groups)) + 1 : 0;
  for (cmsghdr* c = CMSG_FIRSTHDR(const_cast<msghdr*>(&msg)); c != nullptr;
       c = CMSG_NXTHDR(const_cast<msghdr*>(&msg), c)) {
    if (c->cmsg_level != SOL_NETLINK) continue;
    if (c->cmsg_type == NETLINK_PKTINFO && c->cmsg_len >= CMSG_LEN(sizeof(nl_pktinfo))) {
      nl_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      sender.group = info.group;
    } else if (c->cmsg_type == NETLINK_LISTEN_ALL_NSID && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
      int nsid;
      std::memcpy(&nsid, CMSG_DATA(c), sizeof nsid);
      sender.nsid = static_cast<uint32_t>(nsid);
    }
  }
}

ssize_t RetryRecvmsg(int fd, msghdr* msg, int flags) {
  ssize_t n;
  do {
    n = ::recvmsg(fd, msg, flags | MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  return n;
}

// Reads one datagram to the end of the batch. Returns 0 on success, else the errno (EAGAIN: none queued;
// ENOBUFS with the datagram read all the same when it was raised between the peek and the read).
int ReceiveOne(int fd, Batch& batch) {
  const size_t start = Align8(batch.used);
  if (batch.capacity < start + kMinPeekSpace) batch.Reserve(start + kMinPeekSpace);

  sockaddr_nl addr{};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(nl_pktinfo)) + CMSG_SPACE(sizeof(int))];
  iovec iov{batch.data + start, batch.capacity - start};
  msghdr msg{};
  msg.msg_name = &addr;
  msg.msg_namelen = sizeof addr;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;

  // With MSG_TRUNC, netlink returns the datagram's real length even when the buffer is shorter.
  ssize_t length = RetryRecvmsg(fd, &msg, MSG_PEEK | MSG_TRUNC);
  if (length < 0) return errno;

  // ENOBUFS can be raised between the peek and the read that consumes the datagram, and not only by a
  // drop: every recvmsg, the peek included, lets the kernel go on with a dump in progress, and when the
  // dump's next part does not fit beside what is queued, netlink_recvmsg sets ENOBUFS
  // (net/netlink/af_netlink.c). The consuming read then fails without dequeuing anything, and the next
  // peek raises it again: with a dump running and the queue nearly full, reading would never get past
  // the head datagram. So the consuming read is tried again at once (the failed call cleared the error),
  // and the overrun is still reported, after this datagram.
  int raised = 0;
  if (static_cast<size_t>(length) <= iov.iov_len) {
    // Already in place: consume it without copying it again.
    ssize_t consumed;
    for (int attempt = 0;; attempt++) {
      do {
        consumed = ::recv(fd, nullptr, 0, MSG_DONTWAIT | MSG_TRUNC);
      } while (consumed < 0 && errno == EINTR);
      if (consumed >= 0 || errno != ENOBUFS || attempt > 0) break;
      raised = ENOBUFS;
    }
    // Another error leaves the datagram queued for the next read.
    if (consumed < 0) return errno;
  } else {
    batch.Reserve(start + static_cast<size_t>(length));
    iov = {batch.data + start, static_cast<size_t>(length)};
    for (int attempt = 0;; attempt++) {
      msg.msg_namelen = sizeof addr;
      msg.msg_controllen = sizeof control;
      msg.msg_flags = 0;
      length = RetryRecvmsg(fd, &msg, MSG_TRUNC);
      if (length >= 0 || errno != ENOBUFS || attempt > 0) break;
      raised = ENOBUFS;
    }
    if (length < 0) return errno;
    // Only this thread reads the socket, so the head datagram cannot have changed size.
    if (static_cast<size_t>(length) > iov.iov_len) length = static_cast<ssize_t>(iov.iov_len);
  }

  Sender sender;
  ReadAddress(msg, sender);
  batch.meta.insert(batch.meta.end(), {static_cast<uint32_t>(start), static_cast<uint32_t>(length),
                                       sender.portId, sender.group, sender.nsid});
  batch.used = start + static_cast<size_t>(length);
  // The datagram is in the batch; the drain stops here and reports the overrun after it.
  return raised;
}

}  // namespace

Batch::~Batch() { std::free(data); }

void Batch::Reserve(size_t bytes) {
  if (bytes <= capacity) return;
  size_t grown = capacity == 0 ? bytes : capacity * 2;
  if (grown < bytes) grown = bytes;
  // Not zeroed: only bytes the kernel wrote are ever handed on.
  auto* block = static_cast<uint8_t*>(std::realloc(data, grown));
  if (block == nullptr) throw std::bad_alloc();
  data = block;
  capacity = grown;
}

void Batch::Swap(Batch& other) noexcept {
  std::swap(data, other.data);
  std::swap(capacity, other.capacity);
  std::swap(used, other.used);
  meta.swap(other.meta);
}

uint8_t* Batch::Release() {
  uint8_t* block = data;
  data = nullptr;
  capacity = 0;
  Clear();
  return block;
}

DrainResult DrainBatch(int fd, const BatchLimits& limits, Batch& batch) {
  // One block for the whole batch, so datagrams are never moved while it fills.
  batch.Reserve(limits.maxBytes + kMinPeekSpace);
  while (batch.count() < limits.maxDatagrams && batch.used < limits.maxBytes) {
    int err = ReceiveOne(fd, batch);
    if (err == 0) continue;
    if (err == EAGAIN || err == EWOULDBLOCK) return {DrainStop::kWouldBlock, 0};
    if (err == ENOBUFS) return {DrainStop::kOverrun, err};
    return {DrainStop::kError, err};
  }
  return {DrainStop::kLimit, 0};
}

}  // namespace linx
