#include "named-netns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <thread>

namespace linx {
namespace {

// The run directory as a shared mount point, so a bind mount made under it propagates to every mount
// namespace that shares it (a namespace created from a process in its own mount namespace is still
// seen by `ip netns` outside). MS_SHARED fails with EINVAL on a directory that is not a mount point:
// bind it onto itself once, then try again.
NetnsResult MakeRunDirShared(const std::string& run_dir) {
  if (::mkdir(run_dir.c_str(), 0755) != 0 && errno != EEXIST) return {"mkdir", errno};
  bool bound = false;
  while (::mount("", run_dir.c_str(), "none", MS_SHARED | MS_REC, nullptr) != 0) {
    if (errno != EINVAL || bound) return {"mount", errno};
    if (::mount(run_dir.c_str(), run_dir.c_str(), "none", MS_BIND | MS_REC, nullptr) != 0) return {"mount", errno};
    bound = true;
  }
  return {};
}

// Runs on the dedicated thread, which ends right after: the new namespace is this thread's only, and
// outlives it through the bind mount.
NetnsResult UnshareAndBind(const std::string& path) {
  if (::unshare(CLONE_NEWNET) != 0) return {"unshare", errno};
  const std::string self = "/proc/self/task/" + std::to_string(static_cast<long>(::syscall(SYS_gettid))) + "/ns/net";
  if (::mount(self.c_str(), path.c_str(), "none", MS_BIND, nullptr) != 0) return {"mount", errno};
  return {};
}

}  // namespace

NetnsResult CreateNamedNetns(const std::string& run_dir, const std::string& path) {
  NetnsResult shared = MakeRunDirShared(run_dir);
  if (shared.stage != nullptr) return shared;
  int fd = ::open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (fd < 0) return {"create", errno};
  ::close(fd);
  NetnsResult result{"thread", EAGAIN};
  try {
    std::thread worker([&result, &path] { result = UnshareAndBind(path); });
    worker.join();
  } catch (const std::system_error& error) {
    result = {"thread", error.code().value() != 0 ? error.code().value() : EAGAIN};
  }
  if (result.stage != nullptr) {
    // The file was ours (O_EXCL): leave nothing behind.
    ::umount2(path.c_str(), MNT_DETACH);
    ::unlink(path.c_str());
  }
  return result;
}

NetnsResult DeleteNamedNetns(const std::string& path) {
  ::umount2(path.c_str(), MNT_DETACH);
  if (::unlink(path.c_str()) != 0) return {"unlink", errno};
  return {};
}

}  // namespace linx
