#include "read-ahead.h"

#include <unistd.h>

#include <cerrno>
#include <new>

namespace linx {

bool ReadAhead::Start(napi_env env, const BatchLimits& limits) {
  if (running_) return true;
  napi_value name;
  if (napi_create_string_utf8(env, "LinxNetlinkReadAhead", NAPI_AUTO_LENGTH, &name) != napi_ok) return false;
  if (napi_create_async_work(env, nullptr, name, Execute, Complete, this, &work_) != napi_ok) return false;
  limits_ = limits;
  if (napi_queue_async_work(env, work_) != napi_ok) {
    napi_delete_async_work(env, work_);
    work_ = nullptr;
    return false;
  }
  running_ = true;
  return true;
}

void ReadAhead::Abandon(bool closeFd) {
  if (!running_) {
    delete this;
    return;
  }
  client_ = nullptr;
  closeFd_ = closeFd;
}

void ReadAhead::Execute(napi_env /*env*/, void* data) {
  // On a thread-pool thread: only this object's batch, limits and fd are touched here.
  auto* self = static_cast<ReadAhead*>(data);
  try {
    self->result_ = DrainBatch(self->fd_, self->limits_, self->batch_);
  } catch (const std::bad_alloc&) {
    self->result_ = {DrainStop::kError, ENOMEM};
  }
}

void ReadAhead::Complete(napi_env env, napi_status status, void* data) {
  auto* self = static_cast<ReadAhead*>(data);
  napi_delete_async_work(env, self->work_);
  self->work_ = nullptr;
  self->running_ = false;
  if (self->client_ == nullptr) {
    if (self->closeFd_) ::close(self->fd_);
    delete self;
    return;
  }
  // Cancelled (the environment is going away): the batch stays; the socket's cleanup deletes this.
  if (status != napi_ok) return;
  // Last: the client may start this again, or abandon (delete) it.
  self->client_->OnReadAhead(self->batch_, self->result_);
}

}  // namespace linx
