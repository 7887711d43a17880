// The receive side of NetlinkSocket: polling, draining on the event loop, reading ahead on the thread
// pool, and handing batches and events to JS.
#include <sys/socket.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>

#include "errors.h"
#include "socket.h"

namespace linx {
namespace {

// What one drain on the event loop reads at most: two of the kernel's 32 KiB dump datagrams.
constexpr size_t kEventLoopDrainBytes = 64 * 1024;

// Whether JS can run in this environment: creating an ArrayBuffer is refused (napi_pending_exception)
// once it cannot, while the environment is being torn down.
bool CanCallJs(napi_env env) {
  napi_value probe;
  if (napi_create_arraybuffer(env, 0, nullptr, &probe) == napi_ok) return true;
  const napi_extended_error_info* info = nullptr;
  napi_get_last_error_info(env, &info);  // read, so the failure is not left for a later check
  return false;
}

}  // namespace

int NetlinkSocket::UpdatePolling() {
  bool wanted = poll_ != nullptr && started_ && !paused_ && !closed_ && !dead_ && !aheadHeld_ && !ReadingAhead();
  if (wanted == polling_) return 0;
  if (wanted) {
    int status = uv_poll_start(poll_, UV_READABLE, OnPoll);
    if (status != 0) return status;
  } else {
    uv_poll_stop(poll_);
  }
  polling_ = wanted;
  return 0;
}

void NetlinkSocket::OnPoll(uv_poll_t* handle, int status, int /*events*/) {
  auto* self = static_cast<NetlinkSocket*>(handle->data);
  if (self != nullptr) self->OnReadable(status);
}

void NetlinkSocket::OnReadable(int status) {
  if (closed_) return;
  Napi::Env env(env_);
  Napi::HandleScope scope(env);
  // libuv stops a poll handle whose fd reports POLLERR (status UV_EBADF). For netlink that is the
  // socket's pending error, ENOBUFS after an overrun: the recvmsg below reads and clears it, and the
  // handle is started again afterwards.
  if (status < 0) polling_ = false;
  if (ReadingAhead()) return;
  DrainResult result{DrainStop::kWouldBlock, 0};
  try {
    // While reading ahead, the event loop drains a small batch at most: if that fills up (a dump), the
    // rest is read ahead on the thread pool, so the kernel's work leaves this thread after two datagrams.
    BatchLimits first = limits_;
    if (readAhead_ && first.maxBytes > kEventLoopDrainBytes) first.maxBytes = kEventLoopDrainBytes;
    result = DrainBatch(fd_, first, batch_);
  } catch (const std::bad_alloc&) {
    result = {DrainStop::kError, ENOMEM};
  }
  HandleDrained(env, result);
}

void NetlinkSocket::OnReadAhead(Batch& batch, DrainResult result) {
  if (closed_) return;
  Napi::Env env(env_);
  Napi::HandleScope scope(env);
  if (paused_) {
    aheadHeld_ = true;
    return;
  }
  batch_.Swap(batch);
  HandleDrained(env, result);
}

void NetlinkSocket::StartReadAhead(Napi::Env env) {
  if (ahead_ == nullptr) ahead_ = new ReadAhead(this, fd_);
  // Node-API refuses work only while the environment shuts down; reading then goes back to the event
  // loop (which is about to stop).
  ahead_->Start(env, limits_);
  UpdatePolling();
}

void NetlinkSocket::HandleDrained(Napi::Env env, DrainResult result) {
  if (!CanCallJs(env)) {
    // The environment is going away (a worker ending while a drain ran on the thread pool): nothing
    // can be delivered, and node-addon-api's errors would be fatal now. The batch is dropped.
    batch_.Clear();
    return;
  }
  ++callbackDepth_;
  try {
    if (readAhead_ && result.stop == DrainStop::kLimit && !paused_ && !closed_ && !dead_) StartReadAhead(env);
    if (batch_.count() > 0) DeliverBatch(env);
    if (!closed_ && result.stop == DrainStop::kOverrun) {
      Invoke(env, onOverrun_, {});
    } else if (!closed_ && result.stop == DrainStop::kError) {
      if (result.err == EBADF || result.err == ENOTSOCK) dead_ = true;
      Invoke(env, onError_, {NativeError(env, "recvmsg", result.err).Value()});
    }
    if (!closed_) {
      int restart = UpdatePolling();
      if (restart != 0) {
        dead_ = true;
        Invoke(env, onError_, {NativeError(env, "poll", -restart).Value()});
      }
    }
  } catch (const Napi::Error& error) {
    // Building an error object for onError failed (out of memory): the batch is dropped, so that no
    // drain finds it still full, and the failure becomes an uncaught exception.
    batch_.Clear();
    napi_fatal_exception(env, error.Value());
  }
  --callbackDepth_;
  // A callback may have closed the socket: its JS references are dropped only now, after the last use.
  if (closed_ && callbackDepth_ == 0) ReleaseJs();
}

namespace {
// Batches up to this size are copied out and their block reused (see DeliverBatch).
constexpr size_t kCopyBelow = 64 * 1024;

void FreeBatch(napi_env env, void* block, void* hint) {
  auto* size = static_cast<size_t*>(hint);
  int64_t adjusted;
  napi_adjust_external_memory(env, -static_cast<int64_t>(*size), &adjusted);
  std::free(block);
  delete size;
}
}  // namespace

void NetlinkSocket::DeliverBatch(Napi::Env env) {
  // Raw Node-API calls with their statuses checked: node-addon-api turns a failed call into an error
  // object, and building one aborts the process while a worker is being terminated (from another
  // thread, at any point of this callback). A batch that cannot be handed over is dropped.
  const size_t used = batch_.used;
  const size_t capacity = batch_.capacity;
  const size_t metaBytes = batch_.meta.size() * sizeof(uint32_t);
  void* metaData = nullptr;
  napi_value metaBuffer;
  napi_value meta;
  if (napi_create_arraybuffer(env, metaBytes, &metaData, &metaBuffer) != napi_ok ||
      napi_create_typedarray(env, napi_uint32_array, batch_.meta.size(), metaBuffer, 0, &meta) != napi_ok) {
    batch_.Clear();
    return;
  }
  std::memcpy(metaData, batch_.meta.data(), metaBytes);
  napi_value buffer = nullptr;
  // A big batch (a dump) goes to JS in the very block the kernel wrote it to: an external ArrayBuffer,
  // freed when collected. A small one (ACKs, replies, notifications) is copied into a buffer of its size,
  // and the block is kept for the next batch: handing over a whole block for a few bytes would make the
  // GC carry megabytes of external memory per second of small answers.
  if (used > kCopyBelow) {
    auto* size = new size_t(capacity);
    if (napi_create_external_arraybuffer(env, batch_.data, used, FreeBatch, size, &buffer) == napi_ok) {
      batch_.Release();
      // Tell the GC how much memory the buffer holds, so many batches trigger collections.
      int64_t adjusted;
      napi_adjust_external_memory(env, static_cast<int64_t>(capacity), &adjusted);
    } else {
      delete size;  // a runtime without external buffers: copied below
      buffer = nullptr;
    }
  }
  if (buffer == nullptr) {
    void* copy = nullptr;
    if (napi_create_arraybuffer(env, used, &copy, &buffer) != napi_ok) {
      batch_.Clear();
      return;
    }
    std::memcpy(copy, batch_.data, used);
    batch_.Clear();
  }
  napi_value data;
  if (napi_create_typedarray(env, napi_uint8_array, used, buffer, 0, &data) != napi_ok) return;
  Invoke(env, onBatch_, {data, meta});
}

void NetlinkSocket::Invoke(Napi::Env env, const Napi::FunctionReference& fn,
                           std::initializer_list<napi_value> args) {
  if (fn.IsEmpty() || !asyncContext_) return;
  napi_value self;
  napi_value callback;
  if (napi_get_reference_value(env, static_cast<napi_ref>(*this), &self) != napi_ok || self == nullptr) return;
  if (napi_get_reference_value(env, static_cast<napi_ref>(fn), &callback) != napi_ok || callback == nullptr) return;
  // MakeCallback: async_hooks see the socket's async context, and process.nextTick callbacks and
  // promise microtasks queued by the callback run when it returns.
  napi_value result;
  if (napi_make_callback(env, *asyncContext_, self, callback, args.size(), args.begin(), &result) == napi_ok) return;
  // A JS callback threw: like a throwing event listener, it becomes an uncaught exception. (Unless the
  // environment is stopping: then there is nothing to report to.)
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) != napi_ok || !pending) return;
  napi_value error;
  if (napi_get_and_clear_last_exception(env, &error) == napi_ok && CanCallJs(env)) napi_fatal_exception(env, error);
}

}  // namespace linx
