// The JS class NetlinkSocket: one netlink socket fd, its options, sending, and reading on libuv's loop.
#pragma once

#include <napi.h>
#include <uv.h>

#include <memory>

#include "dump-series.h"
#include "read-ahead.h"
#include "receiver.h"

namespace linx {

class NetlinkSocket : public Napi::ObjectWrap<NetlinkSocket>, private ReadAheadClient, private SeriesClient {
 public:
  static Napi::Function Define(Napi::Env env);

  // new NetlinkSocket(protocol, netns?): netns is a namespace file path (string), an open namespace fd
  // (number), or undefined for the caller's namespace.
  explicit NetlinkSocket(const Napi::CallbackInfo& info);
  ~NetlinkSocket() override;

  NetlinkSocket(const NetlinkSocket&) = delete;
  NetlinkSocket& operator=(const NetlinkSocket&) = delete;

 private:
  Napi::Value GetFd(const Napi::CallbackInfo& info);
  Napi::Value GetClosed(const Napi::CallbackInfo& info);
  Napi::Value Bind(const Napi::CallbackInfo& info);
  Napi::Value GetPortId(const Napi::CallbackInfo& info);
  void SetOption(const Napi::CallbackInfo& info);
  Napi::Value GetOption(const Napi::CallbackInfo& info);
  Napi::Value ListMemberships(const Napi::CallbackInfo& info);
  Napi::Value Send(const Napi::CallbackInfo& info);
  void Start(const Napi::CallbackInfo& info);
  void Pause(const Napi::CallbackInfo& info);
  void SetReadAhead(const Napi::CallbackInfo& info);
  void Resume(const Napi::CallbackInfo& info);
  void RefHandle(const Napi::CallbackInfo& info);
  void UnrefHandle(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);
  // runSeries(requests, firstSent, maxDatagrams, maxBytes, waitMs): a promise (see SeriesRun); only on a
  // socket that is not started (no other reader) and runs no other series.
  Napi::Value RunSeries(const Napi::CallbackInfo& info);
  // namespaceFd(): a new fd of the socket's network namespace (SIOCGSKNS), for opening another beside it.
  Napi::Value NamespaceFd(const Napi::CallbackInfo& info);
  void OnSeriesDone() override;

  void CheckOpen(Napi::Env env) const;
  // Starts or stops the poll handle to match started_/paused_/closed_.
  // Returns 0 or a negative libuv error.
  int UpdatePolling();
  void OnReadable(int status);
  // Delivers batch_ and reports how its drain stopped; when the batch filled up (a dump: more is
  // queued), first starts draining the next one on the thread pool, to overlap with JS handling this one.
  void HandleDrained(Napi::Env env, DrainResult result);
  void OnReadAhead(Batch& batch, DrainResult result) override;
  void StartReadAhead(Napi::Env env);
  bool ReadingAhead() const { return ahead_ != nullptr && ahead_->running(); }
  void DeliverBatch(Napi::Env env);
  void Invoke(Napi::Env env, const Napi::FunctionReference& fn, std::initializer_list<napi_value> args);
  // Closes the poll handle (before the fd) and the fd. Calls no JS, so it is safe from a finalizer or
  // the environment's cleanup.
  void CloseNow();
  // Drops the JS callbacks, the async context and the strong reference, once no callback is running.
  void ReleaseJs();

  static void OnPoll(uv_poll_t* handle, int status, int events);
  static void OnCleanup(void* arg);

  napi_env env_;
  int fd_ = -1;
  bool closed_ = false;
  bool started_ = false;
  bool paused_ = false;
  bool polling_ = false;
  bool handleRef_ = true;    // whether the poll handle keeps the event loop alive
  bool strongRef_ = false;   // holding a strong reference to the JS object while started
  bool cleanupHook_ = false;
  bool dead_ = false;        // the fd stopped being readable (EBADF/ENOTSOCK): polling never resumes
  int callbackDepth_ = 0;    // > 0 while OnReadable runs JS
  uv_poll_t* poll_ = nullptr;
  BatchLimits limits_;
  Batch batch_;
  ReadAhead* ahead_ = nullptr;  // created on first use; owned here until closing abandons it
  SeriesRun* series_ = nullptr;  // the series run in progress, which deletes itself when done
  bool aheadHeld_ = false;      // a read-ahead finished while paused: its batch waits for resume
  bool readAhead_ = false;      // whether full batches are followed by a read-ahead (while dumping)
  Napi::FunctionReference onBatch_;
  Napi::FunctionReference onOverrun_;
  Napi::FunctionReference onError_;
  std::unique_ptr<Napi::AsyncContext> asyncContext_;
};

}  // namespace linx
