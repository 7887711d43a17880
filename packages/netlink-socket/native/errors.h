// JS errors thrown or delivered by the addon. Two kinds, told apart by `code`:
//   ERR_LINX_NATIVE: a system call failed; carries `stage` (which step: 'open', 'setns', 'socket', 'bind',
//                    'setsockopt', 'getsockopt', 'getsockname', 'send', 'recvmsg', 'poll', 'thread'),
//                    `errno` (the number) and `errnoName` ('ENOENT', ...).
//   ERR_LINX_CLOSED: a method was called on a socket after close().
// The TypeScript layer turns both into its own classes (NativeError, SocketClosedError).
#pragma once

#include <napi.h>

namespace linx {

/** The symbolic name of a Linux errno value ("ENOENT"), or nullptr when the table does not know it. */
const char* ErrnoName(int err);

/** A JS Error for a failed system call at `stage`. */
Napi::Error NativeError(Napi::Env env, const char* stage, int err);

/** The JS Error thrown by every method of a closed socket. */
Napi::Error ClosedError(Napi::Env env);

}  // namespace linx
