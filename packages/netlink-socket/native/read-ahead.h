// Draining the socket on libuv's thread pool while JS handles the batch before, so that the kernel
// builds a dump's next datagrams (it does so inside recvmsg) on another core meanwhile.
#pragma once

#include <node_api.h>

#include "receiver.h"

namespace linx {

/** Who hears of a finished read-ahead, on the JS thread. */
class ReadAheadClient {
 public:
  /**
   * The drain is done: `batch` holds what it read (take its contents by swapping), `result` why it
   * stopped. May start the read-ahead again, or abandon it.
   */
  virtual void OnReadAhead(Batch& batch, DrainResult result) = 0;

 protected:
  ~ReadAheadClient() = default;
};

/**
 * One drain at a time of a non-blocking socket into a batch of its own, on a thread-pool thread
 * (Node-API async work, so Node waits for it when an environment goes away). While one runs, nothing
 * else may read the socket: the receiver's peek-then-consume needs a single reader.
 */
class ReadAhead {
 public:
  ReadAhead(ReadAheadClient* client, int fd) : client_(client), fd_(fd) {}
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  /** Queues a drain, appending to `batch()` within `limits`. Returns false if Node-API refused. */
  bool Start(napi_env env, const BatchLimits& limits);
  bool running() const { return running_; }
  Batch& batch() { return batch_; }

  /**
   * The socket is closing: with no drain running, deletes this now; else the drain finishes first,
   * then this closes the fd (when `closeFd`) and deletes itself, telling no one.
   */
  void Abandon(bool closeFd);

 private:
  ~ReadAhead() = default;
  static void Execute(napi_env env, void* data);
  static void Complete(napi_env env, napi_status status, void* data);

  ReadAheadClient* client_;
  const int fd_;
  bool running_ = false;
  bool closeFd_ = false;
  BatchLimits limits_;
  Batch batch_;
  DrainResult result_{DrainStop::kWouldBlock, 0};
  napi_async_work work_ = nullptr;
};

}  // namespace linx
