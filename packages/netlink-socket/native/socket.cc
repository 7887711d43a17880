// NetlinkSocket: construction, options, sending, starting and stopping reading, closing. The receive
// side (polling, draining, reading ahead, handing batches to JS) is in socket-receive.cc.
#include "socket.h"

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/sockios.h>
#include <linux/netlink.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "errors.h"
#include "netns.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

namespace linx {
namespace {

constexpr uint32_t kMaxDatagramsLimit = 1u << 20;
constexpr double kMaxBytesLimit = 256.0 * 1024 * 1024;  // keeps every offset well inside a uint32

// An optional integer argument in [min, max]; `fallback` when undefined.
double IntegerArg(const Napi::CallbackInfo& info, size_t index, const char* name, double min, double max,
                  double fallback) {
  Napi::Value value = info[index];
  if (value.IsUndefined()) return fallback;
  if (!value.IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
  double number = value.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(number) || std::trunc(number) != number || number < min || number > max) {
    throw Napi::RangeError::New(info.Env(), std::string(name) + " must be an integer in " +
                                                std::to_string(static_cast<long long>(min)) + ".." +
                                                std::to_string(static_cast<long long>(max)));
  }
  return number;
}

double RequiredIntegerArg(const Napi::CallbackInfo& info, size_t index, const char* name, double min,
                          double max) {
  if (info[index].IsUndefined()) throw Napi::TypeError::New(info.Env(), std::string(name) + " is required");
  return IntegerArg(info, index, name, min, max, 0);
}

Napi::Function FunctionArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (!info[index].IsFunction()) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a function");
  }
  return info[index].As<Napi::Function>();
}

void DeletePollHandle(uv_handle_t* handle) { delete reinterpret_cast<uv_poll_t*>(handle); }

}  // namespace

Napi::Function NetlinkSocket::Define(Napi::Env env) {
  return DefineClass(env, "NetlinkSocket",
                     {
                         InstanceAccessor<&NetlinkSocket::GetFd>("fd"),
                         InstanceAccessor<&NetlinkSocket::GetClosed>("closed"),
                         InstanceMethod<&NetlinkSocket::Bind>("bind"),
                         InstanceMethod<&NetlinkSocket::GetPortId>("getPortId"),
                         InstanceMethod<&NetlinkSocket::SetOption>("setOption"),
                         InstanceMethod<&NetlinkSocket::GetOption>("getOption"),
                         InstanceMethod<&NetlinkSocket::ListMemberships>("listMemberships"),
                         InstanceMethod<&NetlinkSocket::Send>("send"),
                         InstanceMethod<&NetlinkSocket::Start>("start"),
                         InstanceMethod<&NetlinkSocket::Pause>("pause"),
                         InstanceMethod<&NetlinkSocket::SetReadAhead>("setReadAhead"),
                         InstanceMethod<&NetlinkSocket::Resume>("resume"),
                         InstanceMethod<&NetlinkSocket::RefHandle>("ref"),
                         InstanceMethod<&NetlinkSocket::UnrefHandle>("unref"),
                         InstanceMethod<&NetlinkSocket::Close>("close"),
                         InstanceMethod<&NetlinkSocket::RunSeries>("runSeries"),
                         InstanceMethod<&NetlinkSocket::NamespaceFd>("namespaceFd"),
                     });
}

NetlinkSocket::NetlinkSocket(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<NetlinkSocket>(info), env_(info.Env()) {
  Napi::Env env = info.Env();
  int protocol = static_cast<int>(RequiredIntegerArg(info, 0, "protocol", 0, INT32_MAX));
  NetnsTarget target;
  Napi::Value netns = info[1];
  if (netns.IsString()) {
    target.kind = NetnsTarget::Kind::kPath;
    target.path = netns.As<Napi::String>().Utf8Value();
    if (target.path.empty() || target.path.find('\0') != std::string::npos) {
      throw Napi::TypeError::New(env, "netns path must be a non-empty string without NUL");
    }
  } else if (netns.IsNumber()) {
    target.kind = NetnsTarget::Kind::kFd;
    target.fd = static_cast<int>(IntegerArg(info, 1, "netns fd", 0, INT32_MAX, -1));
  } else if (!netns.IsUndefined() && !netns.IsNull()) {
    throw Napi::TypeError::New(env, "netns must be a path (string), an fd (number) or undefined");
  }

  OpenResult opened = OpenNetlinkSocket(protocol, target);
  if (opened.fd < 0) throw NativeError(env, opened.stage, opened.err);
  fd_ = opened.fd;
  // Nothing below throws: the fd is now owned by this object.
  if (napi_add_env_cleanup_hook(env, OnCleanup, this) == napi_ok) cleanupHook_ = true;
}

NetlinkSocket::~NetlinkSocket() { CloseNow(); }

void NetlinkSocket::CheckOpen(Napi::Env env) const {
  if (closed_) throw ClosedError(env);
}

Napi::Value NetlinkSocket::GetFd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), fd_); }

Napi::Value NetlinkSocket::GetClosed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), closed_);
}

Napi::Value NetlinkSocket::Bind(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  sockaddr_nl addr{};
  addr.nl_family = AF_NETLINK;
  addr.nl_pid = static_cast<uint32_t>(IntegerArg(info, 0, "portId", 0, UINT32_MAX, 0));
  addr.nl_groups = static_cast<uint32_t>(IntegerArg(info, 1, "groups", 0, UINT32_MAX, 0));
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw NativeError(env, "bind", errno);
  return GetPortId(info);
}

Napi::Value NetlinkSocket::GetPortId(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  sockaddr_nl addr{};
  socklen_t length = sizeof addr;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    throw NativeError(env, "getsockname", errno);
  }
  return Napi::Number::New(env, addr.nl_pid);
}

void NetlinkSocket::SetOption(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  int level = static_cast<int>(RequiredIntegerArg(info, 0, "level", 0, INT32_MAX));
  int name = static_cast<int>(RequiredIntegerArg(info, 1, "name", 0, INT32_MAX));
  int value = static_cast<int>(RequiredIntegerArg(info, 2, "value", INT32_MIN, INT32_MAX));
  if (::setsockopt(fd_, level, name, &value, sizeof value) != 0) throw NativeError(env, "setsockopt", errno);
}

Napi::Value NetlinkSocket::GetOption(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  int level = static_cast<int>(RequiredIntegerArg(info, 0, "level", 0, INT32_MAX));
  int name = static_cast<int>(RequiredIntegerArg(info, 1, "name", 0, INT32_MAX));
  int value = 0;
  socklen_t length = sizeof value;
  if (::getsockopt(fd_, level, name, &value, &length) != 0) throw NativeError(env, "getsockopt", errno);
  return Napi::Number::New(env, value);
}

Napi::Value NetlinkSocket::ListMemberships(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  // The kernel writes as much of the group bitmap as fits and reports the full size it needs.
  std::vector<uint32_t> words(4);
  for (;;) {
    socklen_t length = static_cast<socklen_t>(words.size() * sizeof(uint32_t));
    if (::getsockopt(fd_, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, words.data(), &length) != 0) {
      throw NativeError(env, "getsockopt", errno);
    }
    size_t needed = (length + sizeof(uint32_t) - 1) / sizeof(uint32_t);
    if (needed <= words.size()) {
      words.resize(needed);
      break;
    }
    words.assign(needed, 0);
  }
  Napi::Array groups = Napi::Array::New(env);
  uint32_t count = 0;
  for (size_t word = 0; word < words.size(); ++word) {
    for (uint32_t bit = 0; bit < 32; ++bit) {
      if (words[word] & (1u << bit)) groups.Set(count++, Napi::Number::New(env, word * 32 + bit + 1));
    }
  }
  return groups;
}

Napi::Value NetlinkSocket::Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw Napi::TypeError::New(env, "bytes must be a Uint8Array");
  }
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  sockaddr_nl to{};
  to.nl_family = AF_NETLINK;
  to.nl_pid = static_cast<uint32_t>(IntegerArg(info, 1, "portId", 0, UINT32_MAX, 0));
  ssize_t sent;
  do {
    sent = ::sendto(fd_, bytes.Data(), bytes.ByteLength(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) throw NativeError(env, "send", errno);
  return Napi::Number::New(env, static_cast<double>(sent));
}

void NetlinkSocket::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  if (series_ != nullptr) throw Napi::Error::New(env, "a series of dumps is reading this socket");
  Napi::Function onBatch = FunctionArg(info, 0, "onBatch");
  Napi::Function onOverrun = FunctionArg(info, 1, "onOverrun");
  Napi::Function onError = FunctionArg(info, 2, "onError");
  BatchLimits limits;
  limits.maxDatagrams = static_cast<uint32_t>(
      IntegerArg(info, 3, "maxDatagrams", 1, kMaxDatagramsLimit, limits.maxDatagrams));
  limits.maxBytes =
      static_cast<size_t>(IntegerArg(info, 4, "maxBytes", 1, kMaxBytesLimit, static_cast<double>(limits.maxBytes)));

  if (poll_ == nullptr) {
    uv_loop_t* loop = nullptr;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) {
      throw Napi::Error::New(env, "no libuv event loop for this environment");
    }
    auto* handle = new uv_poll_t;
    int status = uv_poll_init(loop, handle, fd_);
    if (status != 0) {
      delete handle;
      throw NativeError(env, "poll", -status);
    }
    handle->data = this;
    if (!handleRef_) uv_unref(reinterpret_cast<uv_handle_t*>(handle));
    poll_ = handle;
  }
  if (!asyncContext_) asyncContext_ = std::make_unique<Napi::AsyncContext>(env, "LinxNetlinkSocket", Value());
  onBatch_ = Napi::Persistent(onBatch);
  onOverrun_ = Napi::Persistent(onOverrun);
  onError_ = Napi::Persistent(onError);
  limits_ = limits;
  started_ = true;
  // While it may read, the socket outlives its last JS reference, as a listening net.Socket does.
  if (!strongRef_) {
    Ref();
    strongRef_ = true;
  }
  int status = UpdatePolling();
  if (status != 0) throw NativeError(env, "poll", -status);
}

Napi::Value NetlinkSocket::RunSeries(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  if (started_) throw Napi::Error::New(env, "a series of dumps needs a socket that is not started");
  if (series_ != nullptr) throw Napi::Error::New(env, "a series of dumps is already running on this socket");
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw Napi::TypeError::New(env, "requests must be a Uint8Array");
  }
  if (!info[1].IsBoolean()) throw Napi::TypeError::New(env, "firstSent must be a boolean");
  Napi::Uint8Array requests = info[0].As<Napi::Uint8Array>();
  BatchLimits limits;
  limits.maxDatagrams = static_cast<uint32_t>(
      IntegerArg(info, 2, "maxDatagrams", 1, kMaxDatagramsLimit, limits.maxDatagrams));
  limits.maxBytes =
      static_cast<size_t>(IntegerArg(info, 3, "maxBytes", 1, kMaxBytesLimit, static_cast<double>(limits.maxBytes)));
  int waitMs = static_cast<int>(IntegerArg(info, 4, "waitMs", 0, 60000, 100));
  // Copied: the thread reads them while JS may change or collect the array.
  std::vector<uint8_t> bytes(requests.Data(), requests.Data() + requests.ByteLength());
  auto* run = new SeriesRun(this, fd_, std::move(bytes), info[1].As<Napi::Boolean>().Value(), limits, waitMs);
  napi_value promise = run->Start(env);  // (deletes the run if Node-API refused)
  if (promise == nullptr) throw Napi::Error::New(env, "cannot queue a series of dumps");
  series_ = run;
  return Napi::Value(env, promise);
}

void NetlinkSocket::OnSeriesDone() { series_ = nullptr; }

Napi::Value NetlinkSocket::NamespaceFd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  int ns = ::ioctl(fd_, SIOCGSKNS);
  if (ns < 0) throw NativeError(env, "ioctl", errno);
  return Napi::Number::New(env, ns);
}

void NetlinkSocket::Pause(const Napi::CallbackInfo& info) {
  CheckOpen(info.Env());
  paused_ = true;
  UpdatePolling();
}

void NetlinkSocket::SetReadAhead(const Napi::CallbackInfo& info) {
  CheckOpen(info.Env());
  if (!info[0].IsBoolean()) throw Napi::TypeError::New(info.Env(), "on must be a boolean");
  // Turning it off lets a drain already running on the thread pool finish and deliver.
  readAhead_ = info[0].As<Napi::Boolean>().Value();
}

void NetlinkSocket::Resume(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CheckOpen(env);
  paused_ = false;
  if (aheadHeld_) {
    // The batch read ahead while paused goes first: through the thread pool again (a full batch reads
    // nothing more), so that it is delivered from the event loop, not from inside this call.
    aheadHeld_ = false;
    StartReadAhead(env);
    return;
  }
  int status = UpdatePolling();
  if (status != 0) throw NativeError(env, "poll", -status);
}

void NetlinkSocket::RefHandle(const Napi::CallbackInfo& info) {
  CheckOpen(info.Env());
  handleRef_ = true;
  if (poll_ != nullptr) uv_ref(reinterpret_cast<uv_handle_t*>(poll_));
}

void NetlinkSocket::UnrefHandle(const Napi::CallbackInfo& info) {
  CheckOpen(info.Env());
  handleRef_ = false;
  if (poll_ != nullptr) uv_unref(reinterpret_cast<uv_handle_t*>(poll_));
}

void NetlinkSocket::Close(const Napi::CallbackInfo&) {
  CloseNow();
  if (callbackDepth_ == 0) ReleaseJs();
}

void NetlinkSocket::CloseNow() {
  if (closed_) return;
  closed_ = true;
  polling_ = false;
  if (poll_ != nullptr) {
    // The handle is closed (taking the fd out of epoll) before the fd itself.
    poll_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(poll_), DeletePollHandle);
    poll_ = nullptr;
  }
  aheadHeld_ = false;
  bool fdTaken = false;
  if (ahead_ != nullptr) {
    // A drain running on the thread pool still uses the fd: it closes the fd itself once done.
    fdTaken = ahead_->running();
    ahead_->Abandon(fdTaken);
    ahead_ = nullptr;
  }
  if (series_ != nullptr) {
    // Likewise a series run: it closes the fd once its thread is done with it.
    fdTaken = true;
    series_->Abandon(true);
    series_ = nullptr;
  }
  if (fd_ >= 0) {
    if (!fdTaken) ::close(fd_);
    fd_ = -1;
  }
  if (cleanupHook_) {
    napi_remove_env_cleanup_hook(env_, OnCleanup, this);
    cleanupHook_ = false;
  }
  std::free(batch_.Release());
  std::vector<uint32_t>().swap(batch_.meta);
}

void NetlinkSocket::ReleaseJs() {
  onBatch_.Reset();
  onOverrun_.Reset();
  onError_.Reset();
  asyncContext_.reset();
  if (strongRef_) {
    strongRef_ = false;
    Unref();
  }
}

void NetlinkSocket::OnCleanup(void* arg) {
  // The environment (main thread or worker) is going away: close the handle and the fd now, while its
  // event loop still exists. The JS references go with the environment.
  auto* self = static_cast<NetlinkSocket*>(arg);
  self->cleanupHook_ = false;
  self->CloseNow();
}

}  // namespace linx
