// Entry point of the linx netlink addon: the NetlinkSocket class, named network namespaces
// (createNamedNetns, deleteNamedNetns), bpfObjGet and the constants the TypeScript side checks its own against.
#include <napi.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/netlink.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

#include "errors.h"
#include "named-netns.h"
#include "receiver.h"
#include "socket.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

namespace {

Napi::Object Constants(Napi::Env env) {
  Napi::Object constants = Napi::Object::New(env);
  auto set = [&](const char* name, double value) { constants.Set(name, Napi::Number::New(env, value)); };
  set("AF_NETLINK", AF_NETLINK);
  set("SOL_SOCKET", SOL_SOCKET);
  set("SOL_NETLINK", SOL_NETLINK);
  set("SO_SNDBUF", SO_SNDBUF);
  set("SO_RCVBUF", SO_RCVBUF);
  set("SO_SNDBUFFORCE", SO_SNDBUFFORCE);
  set("SO_RCVBUFFORCE", SO_RCVBUFFORCE);
  set("NETLINK_ADD_MEMBERSHIP", NETLINK_ADD_MEMBERSHIP);
  set("NETLINK_DROP_MEMBERSHIP", NETLINK_DROP_MEMBERSHIP);
  set("NETLINK_PKTINFO", NETLINK_PKTINFO);
  set("NETLINK_BROADCAST_ERROR", NETLINK_BROADCAST_ERROR);
  set("NETLINK_NO_ENOBUFS", NETLINK_NO_ENOBUFS);
  set("NETLINK_LISTEN_ALL_NSID", NETLINK_LISTEN_ALL_NSID);
  set("NETLINK_LIST_MEMBERSHIPS", NETLINK_LIST_MEMBERSHIPS);
  set("NETLINK_CAP_ACK", NETLINK_CAP_ACK);
  set("NETLINK_EXT_ACK", NETLINK_EXT_ACK);
  set("NETLINK_GET_STRICT_CHK", NETLINK_GET_STRICT_CHK);
  set("META_STRIDE", linx::kMetaStride);
  set("META_NO_NSID", linx::kNoNsid);
  return constants;
}

// A path argument: a non-empty string without NUL (the TypeScript side has checked the name already).
std::string PathArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (!info[index].IsString()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a string");
  std::string path = info[index].As<Napi::String>().Utf8Value();
  if (path.empty() || path.find('\0') != std::string::npos) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a non-empty string without NUL");
  }
  return path;
}

// createNamedNetns(runDir, path): see named-netns.h; throws a NativeError naming the failing stage.
void CreateNamedNetns(const Napi::CallbackInfo& info) {
  std::string run_dir = PathArg(info, 0, "runDir");
  std::string path = PathArg(info, 1, "path");
  linx::NetnsResult result = linx::CreateNamedNetns(run_dir, path);
  if (result.stage != nullptr) throw linx::NativeError(info.Env(), result.stage, result.err);
}

// deleteNamedNetns(path): see named-netns.h.
void DeleteNamedNetns(const Napi::CallbackInfo& info) {
  std::string path = PathArg(info, 0, "path");
  linx::NetnsResult result = linx::DeleteNamedNetns(path);
  if (result.stage != nullptr) throw linx::NativeError(info.Env(), result.stage, result.err);
}

// bpfObjGet(path): a new fd (O_CLOEXEC, as the kernel makes every bpf fd) of the BPF object pinned at
// `path`, by bpf(2) BPF_OBJ_GET, for tc's `object-pinned`; the caller closes it. Node has no bpf(2).
Napi::Value BpfObjGet(const Napi::CallbackInfo& info) {
  std::string path = PathArg(info, 0, "path");
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.pathname = static_cast<__u64>(reinterpret_cast<uintptr_t>(path.c_str()));
  long fd = syscall(__NR_bpf, BPF_OBJ_GET, &attr, sizeof attr);
  if (fd < 0) throw linx::NativeError(info.Env(), "bpf", errno);
  return Napi::Number::New(info.Env(), static_cast<double>(fd));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("NetlinkSocket", linx::NetlinkSocket::Define(env));
  exports.Set("createNamedNetns", Napi::Function::New<CreateNamedNetns>(env, "createNamedNetns"));
  exports.Set("deleteNamedNetns", Napi::Function::New<DeleteNamedNetns>(env, "deleteNamedNetns"));
  exports.Set("bpfObjGet", Napi::Function::New<BpfObjGet>(env, "bpfObjGet"));
  exports.Set("constants", Constants(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(linx_netlink, Init)
