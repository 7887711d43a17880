// Draining a non-blocking netlink socket into a batch: plain C++ (no Node-API, no libuv).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace linx {

/** Per datagram, the batch's metadata holds kMetaStride uint32 values, in this order. */
enum MetaField : uint32_t {
  kMetaOffset = 0,  // byte offset of the datagram in the batch's data
  kMetaLength = 1,  // its length in bytes (never truncated)
  kMetaPortId = 2,  // the sender's port id (nl_pid): 0 for the kernel
  kMetaGroup = 3,   // the multicast group number it was sent to, 0 for unicast (see below)
  kMetaNsid = 4,    // with NETLINK_LISTEN_ALL_NSID: the origin namespace's nsid, else kNoNsid
  kMetaStride = 5,
};

/** kMetaNsid when the datagram carries no nsid (own namespace, or the option is off). */
constexpr uint32_t kNoNsid = 0xffffffffu;

/** Bounds of one batch: it ends after `maxDatagrams` datagrams or once `maxBytes` are reached. */
struct BatchLimits {
  uint32_t maxDatagrams = 64;
  size_t maxBytes = 2 * 1024 * 1024;
};

/**
 * The datagrams read by one drain: `data` back to back (8-byte aligned starts), `meta` per datagram.
 * `data` is a malloc'd block whose first `used` bytes matter; it is handed to JS as the batch's buffer
 * (no copy) with `Release`, and a fresh block is taken for the next batch.
 */
struct Batch {
  uint8_t* data = nullptr;
  size_t capacity = 0;
  size_t used = 0;
  std::vector<uint32_t> meta;

  Batch() = default;
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;
  ~Batch();

  size_t count() const { return meta.size() / kMetaStride; }
  /** Makes `data` hold at least `bytes` (keeping what it holds); throws std::bad_alloc. */
  void Reserve(size_t bytes);
  /** Gives up `data` to the caller (who frees it with std::free) and starts empty. */
  uint8_t* Release();
  void Clear() {
    used = 0;
    meta.clear();
  }
  /** Exchanges contents with `other` (a batch read ahead becomes the one to deliver). */
  void Swap(Batch& other) noexcept;
};

/** Why a drain stopped. */
enum class DrainStop {
  kLimit,       // the batch is full; more may be queued
  kWouldBlock,  // the socket's queue is empty
  kOverrun,     // recvmsg said ENOBUFS: the kernel dropped messages; the socket goes on
  kError,       // another error, in `err`
};

struct DrainResult {
  DrainStop stop;
  int err;
};

/**
 * Appends datagrams to `batch` until a limit, an empty queue or an error. Each datagram is first
 * peeked with MSG_PEEK|MSG_TRUNC into at least 64 KiB of free space (so the kernel keeps sizing dump
 * datagrams at its maximum), then consumed; one larger than the space is read again into a buffer of its
 * exact size, so nothing is ever truncated.
 *
 * The group: from the NETLINK_PKTINFO control message when that option is on (any group number),
 * else derived from the nl_groups bitmask (only groups 1..32 can be expressed there; 0 otherwise).
 */
DrainResult DrainBatch(int fd, const BatchLimits& limits, Batch& batch);

}  // namespace linx
