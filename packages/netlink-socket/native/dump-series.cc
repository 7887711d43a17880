#include "dump-series.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include <cerrno>
#include <cstring>
#include <new>

#include "errors.h"

namespace linx {
namespace {

// Whether the datagram at `data` (from the kernel) ends the answer to request `seq`: NLMSG_DONE, or
// NLMSG_ERROR other than ENOBUFS, which the kernel sends when a dump's first part found the receive buffer
// full while the dump goes on (netlink_dump_start), as the engine's PendingDump reads it too. A malformed
// datagram ends nothing here: the JS side that walks the batch rejects it.
bool EndsAnswer(const uint8_t* data, size_t length, uint32_t seq) {
  for (size_t at = 0; length - at >= NLMSG_HDRLEN;) {
    nlmsghdr header;
    std::memcpy(&header, data + at, sizeof header);
    if (header.nlmsg_len < NLMSG_HDRLEN || header.nlmsg_len > length - at) return false;
    if (header.nlmsg_seq == seq) {
      if (header.nlmsg_type == NLMSG_DONE) return true;
      if (header.nlmsg_type == NLMSG_ERROR) {
        int32_t error = 0;
        if (header.nlmsg_len >= NLMSG_HDRLEN + sizeof error) std::memcpy(&error, data + at + NLMSG_HDRLEN, sizeof error);
        if (error != -ENOBUFS) return true;
      }
    }
    at += NLMSG_ALIGN(header.nlmsg_len);
    if (at > length) return false;
  }
  return false;
}

int SendOne(int fd, const uint8_t* bytes, size_t length) {
  sockaddr_nl to{};
  to.nl_family = AF_NETLINK;
  ssize_t sent;
  do {
    sent = ::sendto(fd, bytes, length, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  } while (sent < 0 && errno == EINTR);
  return sent < 0 ? errno : 0;
}

// Waits until the socket is readable or `waitMs` pass: true if readable (or the wait was interrupted).
bool WaitReadable(int fd, int waitMs) {
  pollfd pfd{fd, POLLIN, 0};
  int ready = ::poll(&pfd, 1, waitMs);
  return ready != 0;
}

}  // namespace

SeriesProgress RunSeries(int fd, const uint8_t* requests, size_t length, bool firstSent, const BatchLimits& limits,
                         int waitMs, Batch& batch) {
  SeriesProgress progress;
  size_t at = 0;
  uint32_t seq = 0;
  bool open = false;  // the request at `at` was sent and its answer has not ended
  if (firstSent && length >= NLMSG_HDRLEN) {
    std::memcpy(&seq, requests + offsetof(nlmsghdr, nlmsg_seq), sizeof seq);
    open = true;
  }
  for (;;) {
    if (!open) {
      if (length - at < NLMSG_HDRLEN) break;  // every request answered
      nlmsghdr header;
      std::memcpy(&header, requests + at, sizeof header);
      if (header.nlmsg_len < NLMSG_HDRLEN || header.nlmsg_len > length - at) {
        progress.stop = DrainStop::kError;
        progress.err = EINVAL;
        progress.sendFailed = true;
        break;
      }
      int err = SendOne(fd, requests + at, header.nlmsg_len);
      if (err != 0) {
        progress.stop = DrainStop::kError;
        progress.err = err;
        progress.sendFailed = true;
        break;
      }
      seq = header.nlmsg_seq;
      open = true;
    }
    if (batch.count() >= limits.maxDatagrams || batch.used >= limits.maxBytes) {
      progress.stop = DrainStop::kLimit;
      break;
    }
    // One datagram at a time, so that the next request goes out as soon as the answer before it ends.
    BatchLimits one = limits;
    one.maxDatagrams = static_cast<uint32_t>(batch.count()) + 1;
    DrainResult drained = DrainBatch(fd, one, batch);
    if (drained.stop == DrainStop::kWouldBlock) {
      if (WaitReadable(fd, waitMs)) continue;
      progress.stop = DrainStop::kWouldBlock;
      break;
    }
    if (drained.stop == DrainStop::kError) {
      progress.stop = drained.stop;
      progress.err = drained.err;
      break;
    }
    // kLimit (one datagram read) or kOverrun (read, then ENOBUFS reported after it): look at it first.
    const uint32_t* meta = batch.meta.data() + batch.meta.size() - kMetaStride;
    if (meta[kMetaPortId] == 0 && EndsAnswer(batch.data + meta[kMetaOffset], meta[kMetaLength], seq)) {
      open = false;
      progress.finished++;
      nlmsghdr header;
      std::memcpy(&header, requests + at, sizeof header);
      at += NLMSG_ALIGN(header.nlmsg_len);
      if (at > length) at = length;
    }
    if (drained.stop == DrainStop::kOverrun) {
      progress.stop = drained.stop;
      progress.err = drained.err;
      break;
    }
  }
  progress.inProgress = open;
  return progress;
}

napi_value SeriesRun::Start(napi_env env) {
  napi_value promise = nullptr;
  napi_value name;
  if (napi_create_promise(env, &deferred_, &promise) != napi_ok ||
      napi_create_string_utf8(env, "LinxNetlinkDumpSeries", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, nullptr, name, Execute, Complete, this, &work_) != napi_ok) {
    delete this;  // (a promise made before the failure is never settled; nothing refers to it)
    return nullptr;
  }
  if (napi_queue_async_work(env, work_) != napi_ok) {
    napi_delete_async_work(env, work_);
    delete this;
    return nullptr;
  }
  return promise;
}

void SeriesRun::Abandon(bool closeFd) {
  client_ = nullptr;
  closeFd_ = closeFd;
}

void SeriesRun::Execute(napi_env /*env*/, void* data) {
  // On a thread-pool thread: only this object's requests, batch and fd are touched here.
  auto* self = static_cast<SeriesRun*>(data);
  try {
    self->progress_ = RunSeries(self->fd_, self->requests_.data(), self->requests_.size(), self->firstSent_,
                                self->limits_, self->waitMs_, self->batch_);
  } catch (const std::bad_alloc&) {
    self->progress_.stop = DrainStop::kError;
    self->progress_.err = ENOMEM;
  }
}

void SeriesRun::Complete(napi_env env, napi_status status, void* data) {
  auto* self = static_cast<SeriesRun*>(data);
  napi_delete_async_work(env, self->work_);
  self->work_ = nullptr;
  if (self->closeFd_) ::close(self->fd_);
  SeriesClient* client = self->client_;
  // Cancelled (the environment is going away): nothing can be settled.
  if (status == napi_ok) self->Settle(env);
  delete self;
  if (client != nullptr) client->OnSeriesDone();
}

void SeriesRun::Settle(napi_env env) {
  // Raw Node-API calls with their statuses checked, as DeliverBatch does: building an error object while
  // a worker is being terminated would abort the process.
  if (client_ == nullptr) {
    try {
      napi_reject_deferred(env, deferred_, ClosedError(Napi::Env(env)).Value());
    } catch (...) {
    }
    return;
  }
  const size_t used = batch_.used;
  const size_t metaCount = batch_.meta.size();
  void* bytes = nullptr;
  void* metaBytes = nullptr;
  napi_value buffer, metaBuffer, dataArray, metaArray, result;
  if (napi_create_arraybuffer(env, used, &bytes, &buffer) != napi_ok ||
      napi_create_arraybuffer(env, metaCount * sizeof(uint32_t), &metaBytes, &metaBuffer) != napi_ok ||
      napi_create_typedarray(env, napi_uint8_array, used, buffer, 0, &dataArray) != napi_ok ||
      napi_create_typedarray(env, napi_uint32_array, metaCount, metaBuffer, 0, &metaArray) != napi_ok ||
      napi_create_array_with_length(env, 7, &result) != napi_ok) {
    return;
  }
  if (used > 0) std::memcpy(bytes, batch_.data, used);
  if (metaCount > 0) std::memcpy(metaBytes, batch_.meta.data(), metaCount * sizeof(uint32_t));
  napi_value finished, inProgress, stop, err, sendFailed;
  if (napi_create_uint32(env, progress_.finished, &finished) != napi_ok ||
      napi_get_boolean(env, progress_.inProgress, &inProgress) != napi_ok ||
      napi_create_uint32(env, static_cast<uint32_t>(progress_.stop), &stop) != napi_ok ||
      napi_create_int32(env, progress_.err, &err) != napi_ok ||
      napi_get_boolean(env, progress_.sendFailed, &sendFailed) != napi_ok) {
    return;
  }
  napi_value items[] = {dataArray, metaArray, finished, inProgress, stop, err, sendFailed};
  for (uint32_t i = 0; i < 7; i++) {
    if (napi_set_element(env, result, i, items[i]) != napi_ok) return;
  }
  napi_resolve_deferred(env, deferred_, result);
}

}  // namespace linx
