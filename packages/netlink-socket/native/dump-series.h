// A series of dumps on a socket no one else reads: each request is sent once the answer to the one before
// has ended, all on one thread-pool thread, so that the kernel's work for them (done inside sendmsg and
// recvmsg: net/netlink/af_netlink.c runs a dump's parts there) leaves the JS thread.
#pragma once

#include <node_api.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "receiver.h"

namespace linx {

/** How far one run of a series got. */
struct SeriesProgress {
  /** kLimit: the batch is full; kWouldBlock: nothing came within the wait; kOverrun; kError (`err`). */
  DrainStop stop = DrainStop::kWouldBlock;
  int err = 0;
  /** Requests whose answer ended (NLMSG_DONE, or an NLMSG_ERROR other than a dump's ENOBUFS) in this run. */
  uint32_t finished = 0;
  /** Whether the request after those was sent and its answer has not ended yet. */
  bool inProgress = false;
  /** The send of the next request failed (`err`), rather than a receive. */
  bool sendFailed = false;
};

/**
 * Sends the netlink messages of `requests` (back to back, each with its own nlmsg_len and nlmsg_seq) one
 * at a time, reading into `batch` after each until a message of the kernel with its sequence number ends
 * its answer; `firstSent` says the first was sent by an earlier run. Stops when every request is answered
 * (kWouldBlock, `finished` all of them), when the batch reaches `limits`, when nothing arrives for
 * `waitMs` milliseconds while an answer is still open, or on an error. Plain C++: no Node-API.
 */
SeriesProgress RunSeries(int fd, const uint8_t* requests, size_t length, bool firstSent, const BatchLimits& limits,
                         int waitMs, Batch& batch);

/** Who hears of a finished run, on the JS thread. */
class SeriesClient {
 public:
  /** The run is over (its promise settled): the socket may read again or start another. */
  virtual void OnSeriesDone() = 0;

 protected:
  ~SeriesClient() = default;
};

/**
 * One run of `RunSeries` on a thread-pool thread (Node-API async work), settling a promise with
 * `[data, meta, finished, inProgress, stop, errno, sendFailed]`.
 */
class SeriesRun {
 public:
  SeriesRun(SeriesClient* client, int fd, std::vector<uint8_t> requests, bool firstSent, BatchLimits limits,
            int waitMs)
      : client_(client), fd_(fd), requests_(std::move(requests)), firstSent_(firstSent), limits_(limits),
        waitMs_(waitMs) {}
  SeriesRun(const SeriesRun&) = delete;
  SeriesRun& operator=(const SeriesRun&) = delete;

  /** Queues the run; returns its promise, or nullptr (and deletes this) if Node-API refused. */
  napi_value Start(napi_env env);

  /**
   * The socket is closing: the run finishes first, then this rejects its promise, closes the fd (when
   * `closeFd`) and deletes itself, telling no one.
   */
  void Abandon(bool closeFd);

 private:
  ~SeriesRun() = default;
  static void Execute(napi_env env, void* data);
  static void Complete(napi_env env, napi_status status, void* data);
  void Settle(napi_env env);

  SeriesClient* client_;
  const int fd_;
  const std::vector<uint8_t> requests_;
  const bool firstSent_;
  const BatchLimits limits_;
  const int waitMs_;
  bool closeFd_ = false;
  Batch batch_;
  SeriesProgress progress_;
  napi_async_work work_ = nullptr;
  napi_deferred deferred_ = nullptr;
};

}  // namespace linx
