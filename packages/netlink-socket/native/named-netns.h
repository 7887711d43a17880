// Named network namespaces, as `ip netns add/del` (iproute2) makes and removes them: a new network
// namespace kept alive by a bind mount of its nsfs file at RUN_DIR/NAME. Plain C++ (no Node-API).
#pragma once

#include <string>

namespace linx {

/** What a namespace operation did: `stage` is nullptr on success, else the failing step and its errno. */
struct NetnsResult {
  const char* stage = nullptr;
  int err = 0;
};

/**
 * Creates a new network namespace and bind-mounts it at `path` (a file directly under `run_dir`):
 * - `run_dir` is made (mode 0755) if missing, and made a shared mount point (MS_SHARED | MS_REC; if it is
 *   not a mount point yet, it is first bound onto itself), so that the namespace's mount shows in every
 *   mount namespace that shares /run, as iproute2 does;
 * - `path` is created with O_EXCL (stage "create", EEXIST when the name is taken);
 * - on a short-lived thread: unshare(CLONE_NEWNET), then the thread's own /proc/self/task/TID/ns/net is
 *   bind-mounted at `path`; the thread then ends, and the bind mount alone keeps the namespace alive.
 *   No other thread of the process ever changes namespace.
 * On any failure after `path` was created, it is unmounted and removed again.
 */
NetnsResult CreateNamedNetns(const std::string& run_dir, const std::string& path);

/**
 * Removes a namespace made by CreateNamedNetns (or `ip netns add`): umount2(MNT_DETACH), whose failure is
 * ignored as iproute2 does (the file may not be a mount), then unlink (stage "unlink", ENOENT when there
 * is no such name). The namespace itself lives on while a process or socket still holds it.
 */
NetnsResult DeleteNamedNetns(const std::string& path);

}  // namespace linx
