/**
 * The Linux errno table, as the kernel reports errors in `struct nlmsgerr` (negated) and in socket calls.
 *
 * The numbers are those of the generic architectures (x86, arm, arm64, riscv, …: `asm-generic/errno.h`).
 * Alpha, MIPS, PA-RISC and SPARC number many errors differently; a capture from one of those would need a
 * table of its own. The table also has the kernel-internal errors above 511: they are never meant to
 * reach user space, but some do slip out through netlink (ENOTSUPP, 524, is the usual one), and a debug
 * printer that names them saves a trip to the kernel source.
 */

/**
 * Every errno, canonical name first for each number, with a short description. Kept in one table (rather
 * than one `const` per name) because lookups by number and by name need all of it anyway.
 */
const TABLE = [
  [1, 'EPERM', 'Operation not permitted'],
  [2, 'ENOENT', 'No such file or directory'],
  [3, 'ESRCH', 'No such process'],
  [4, 'EINTR', 'Interrupted by a signal'],
  [5, 'EIO', 'Input/output error'],
  [6, 'ENXIO', 'No such device or address'],
  [7, 'E2BIG', 'Argument list too long'],
  [8, 'ENOEXEC', 'Not an executable format'],
  [9, 'EBADF', 'Bad file descriptor'],
  [10, 'ECHILD', 'No child processes'],
  [11, 'EAGAIN', 'Resource temporarily unavailable, try again'],
  [12, 'ENOMEM', 'Out of memory'],
  [13, 'EACCES', 'Permission denied'],
  [14, 'EFAULT', 'Bad address'],
  [15, 'ENOTBLK', 'Not a block device'],
  [16, 'EBUSY', 'Device or resource busy'],
  [17, 'EEXIST', 'Already exists'],
  [18, 'EXDEV', 'Link across devices'],
  [19, 'ENODEV', 'No such device'],
  [20, 'ENOTDIR', 'Not a directory'],
  [21, 'EISDIR', 'Is a directory'],
  [22, 'EINVAL', 'Invalid argument'],
  [23, 'ENFILE', 'Too many open files in the system'],
  [24, 'EMFILE', 'Too many open files in the process'],
  [25, 'ENOTTY', 'Inappropriate ioctl for this device'],
  [26, 'ETXTBSY', 'Executable file busy'],
  [27, 'EFBIG', 'File too large'],
  [28, 'ENOSPC', 'No space left on device'],
  [29, 'ESPIPE', 'Seek not possible'],
  [30, 'EROFS', 'Read-only file system'],
  [31, 'EMLINK', 'Too many links'],
  [32, 'EPIPE', 'Broken pipe'],
  [33, 'EDOM', 'Argument outside the function domain'],
  [34, 'ERANGE', 'Result out of range'],
  [35, 'EDEADLK', 'Deadlock avoided'],
  [36, 'ENAMETOOLONG', 'Name too long'],
  [37, 'ENOLCK', 'No locks available'],
  [38, 'ENOSYS', 'Function not implemented'],
  [39, 'ENOTEMPTY', 'Directory not empty'],
  [40, 'ELOOP', 'Too many levels of symbolic links'],
  // 41 is unused on the generic architectures (EWOULDBLOCK is EAGAIN).
  [42, 'ENOMSG', 'No message of the wanted type'],
  [43, 'EIDRM', 'Identifier removed'],
  [44, 'ECHRNG', 'Channel number out of range'],
  [45, 'EL2NSYNC', 'Level 2 not synchronized'],
  [46, 'EL3HLT', 'Level 3 halted'],
  [47, 'EL3RST', 'Level 3 reset'],
  [48, 'ELNRNG', 'Link number out of range'],
  [49, 'EUNATCH', 'Protocol driver not attached'],
  [50, 'ENOCSI', 'No CSI structure available'],
  [51, 'EL2HLT', 'Level 2 halted'],
  [52, 'EBADE', 'Invalid exchange'],
  [53, 'EBADR', 'Invalid request descriptor'],
  [54, 'EXFULL', 'Exchange full'],
  [55, 'ENOANO', 'No anode'],
  [56, 'EBADRQC', 'Invalid request code'],
  [57, 'EBADSLT', 'Invalid slot'],
  // 58 is unused on the generic architectures (EDEADLOCK is EDEADLK there).
  [59, 'EBFONT', 'Bad font file format'],
  [60, 'ENOSTR', 'Not a STREAMS device'],
  [61, 'ENODATA', 'No data available'],
  [62, 'ETIME', 'Timer expired'],
  [63, 'ENOSR', 'Out of STREAMS resources'],
  [64, 'ENONET', 'Machine is not on the network'],
  [65, 'ENOPKG', 'Package not installed'],
  [66, 'EREMOTE', 'Object is remote'],
  [67, 'ENOLINK', 'Link has been severed'],
  [68, 'EADV', 'Advertise error'],
  [69, 'ESRMNT', 'Srmount error'],
  [70, 'ECOMM', 'Communication error on send'],
  [71, 'EPROTO', 'Protocol error'],
  [72, 'EMULTIHOP', 'Multihop attempted'],
  [73, 'EDOTDOT', 'RFS-specific error'],
  [74, 'EBADMSG', 'Bad message'],
  [75, 'EOVERFLOW', 'Value too large for its data type'],
  [76, 'ENOTUNIQ', 'Name not unique on the network'],
  [77, 'EBADFD', 'File descriptor in a bad state'],
  [78, 'EREMCHG', 'Remote address changed'],
  [79, 'ELIBACC', 'Cannot access a needed shared library'],
  [80, 'ELIBBAD', 'Shared library is corrupted'],
  [81, 'ELIBSCN', 'Corrupted .lib section in a.out'],
  [82, 'ELIBMAX', 'Too many shared libraries to link'],
  [83, 'ELIBEXEC', 'Cannot execute a shared library directly'],
  [84, 'EILSEQ', 'Invalid or incomplete multibyte character'],
  [85, 'ERESTART', 'Interrupted system call should be restarted'],
  [86, 'ESTRPIPE', 'STREAMS pipe error'],
  [87, 'EUSERS', 'Too many users'],
  [88, 'ENOTSOCK', 'Not a socket'],
  [89, 'EDESTADDRREQ', 'Destination address required'],
  [90, 'EMSGSIZE', 'Message too long'],
  [91, 'EPROTOTYPE', 'Wrong protocol type for the socket'],
  [92, 'ENOPROTOOPT', 'Protocol option not available'],
  [93, 'EPROTONOSUPPORT', 'Protocol not supported'],
  [94, 'ESOCKTNOSUPPORT', 'Socket type not supported'],
  [95, 'EOPNOTSUPP', 'Operation not supported'],
  [96, 'EPFNOSUPPORT', 'Protocol family not supported'],
  [97, 'EAFNOSUPPORT', 'Address family not supported by the protocol'],
  [98, 'EADDRINUSE', 'Address already in use'],
  [99, 'EADDRNOTAVAIL', 'Address not available'],
  [100, 'ENETDOWN', 'Network is down'],
  [101, 'ENETUNREACH', 'Network unreachable'],
  [102, 'ENETRESET', 'Connection reset by the network'],
  [103, 'ECONNABORTED', 'Connection aborted'],
  [104, 'ECONNRESET', 'Connection reset by peer'],
  [105, 'ENOBUFS', 'No buffer space available'],
  [106, 'EISCONN', 'Socket already connected'],
  [107, 'ENOTCONN', 'Socket not connected'],
  [108, 'ESHUTDOWN', 'Cannot send after the socket was shut down'],
  [109, 'ETOOMANYREFS', 'Too many references'],
  [110, 'ETIMEDOUT', 'Timed out'],
  [111, 'ECONNREFUSED', 'Connection refused'],
  [112, 'EHOSTDOWN', 'Host is down'],
  [113, 'EHOSTUNREACH', 'No route to host'],
  [114, 'EALREADY', 'Operation already in progress'],
  [115, 'EINPROGRESS', 'Operation now in progress'],
  [116, 'ESTALE', 'Stale file handle'],
  [117, 'EUCLEAN', 'Structure needs cleaning'],
  [118, 'ENOTNAM', 'Not a XENIX named type file'],
  [119, 'ENAVAIL', 'No XENIX semaphores available'],
  [120, 'EISNAM', 'Is a named type file'],
  [121, 'EREMOTEIO', 'Remote I/O error'],
  [122, 'EDQUOT', 'Disk quota exceeded'],
  [123, 'ENOMEDIUM', 'No medium found'],
  [124, 'EMEDIUMTYPE', 'Wrong medium type'],
  [125, 'ECANCELED', 'Operation canceled'],
  [126, 'ENOKEY', 'Required key not available'],
  [127, 'EKEYEXPIRED', 'Key has expired'],
  [128, 'EKEYREVOKED', 'Key has been revoked'],
  [129, 'EKEYREJECTED', 'Key was rejected by the service'],
  [130, 'EOWNERDEAD', 'Owner died'],
  [131, 'ENOTRECOVERABLE', 'State not recoverable'],
  [132, 'ERFKILL', 'Not possible because of RF-kill'],
  [133, 'EHWPOISON', 'Memory page has a hardware error'],

  // Kernel-internal (include/linux/errno.h, not in the uapi headers). 520 is not assigned.
  [512, 'ERESTARTSYS', 'Restart the system call (kernel-internal)'],
  [513, 'ERESTARTNOINTR', 'Restart the system call, not interrupted (kernel-internal)'],
  [514, 'ERESTARTNOHAND', 'Restart if there is no signal handler (kernel-internal)'],
  [515, 'ENOIOCTLCMD', 'No such ioctl command (kernel-internal)'],
  [516, 'ERESTART_RESTARTBLOCK', 'Restart through restart_syscall (kernel-internal)'],
  [517, 'EPROBE_DEFER', 'Driver probe deferred, retry later (kernel-internal)'],
  [518, 'EOPENSTALE', 'Open found a stale dentry (kernel-internal)'],
  [519, 'ENOPARAM', 'Parameter not supported (kernel-internal)'],
  [521, 'EBADHANDLE', 'Invalid NFS file handle (kernel-internal)'],
  [522, 'ENOTSYNC', 'Update synchronization mismatch (kernel-internal)'],
  [523, 'EBADCOOKIE', 'Cookie is stale (kernel-internal)'],
  [524, 'ENOTSUPP', 'Operation not supported (kernel-internal ENOTSUPP, not ENOTSUP)'],
  [525, 'ETOOSMALL', 'Buffer or request too small (kernel-internal)'],
  [526, 'ESERVERFAULT', 'Server fault that has no better errno (kernel-internal)'],
  [527, 'EBADTYPE', 'Type not supported by the server (kernel-internal)'],
  [528, 'EJUKEBOX', 'Request started but will not finish in time (kernel-internal)'],
  [529, 'EIOCBQUEUED', 'I/O control block queued (kernel-internal)'],
  [530, 'ERECALLCONFLICT', 'Conflict with recalled state (kernel-internal)'],
  [531, 'ENOGRACE', 'NFS lock reclaim refused (kernel-internal)'],
] as const;

/**
 * Second names for an errno, each mapped to its canonical name. They resolve by name (`errnoNumber`) but
 * a number always comes back as the canonical name.
 */
export const ERRNO_ALIASES = /* @__PURE__ */ Object.freeze({
  EWOULDBLOCK: 'EAGAIN',
  EDEADLOCK: 'EDEADLK',
  // From libc rather than the kernel headers; on Linux it has always been the same error as EOPNOTSUPP.
  ENOTSUP: 'EOPNOTSUPP',
} as const);

type Row = (typeof TABLE)[number];
type CanonicalName = Row[1];

/** A name this module knows: a canonical errno name or an alias. */
export type ErrnoName = CanonicalName | keyof typeof ERRNO_ALIASES;

/** Looks a row up by number. Built on first use: most programs never print an errno name. */
let byNumber: Map<number, Row> | undefined;
/** Looks a number up by name, aliases included. */
let byName: Map<string, number> | undefined;

function rowFor(errno: number): Row | undefined {
  // A number that is not an integer (or not a number) is no key of the map: undefined.
  byNumber ??= new Map(TABLE.map((row) => [row[0], row]));
  // nlmsgerr.error carries the negated errno; accepting either sign saves every caller an abs().
  return byNumber.get(Math.abs(errno));
}

/**
 * The canonical name of an errno: `errnoName(19)` is `'ENODEV'`, and `errnoName(11)` is `'EAGAIN'` (never
 * the alias `EWOULDBLOCK`). A negative number, as `struct nlmsgerr` carries it, is looked up by its
 * magnitude. Numbers that are not an errno give `undefined`.
 */
export function errnoName(errno: number): string | undefined {
  return rowFor(errno)?.[1];
}

/**
 * The number of an errno name, aliases included: `errnoNumber('EEXIST')` is 17 and
 * `errnoNumber('EWOULDBLOCK')` is 11. Unknown names (names are case-sensitive) give `undefined`.
 */
export function errnoNumber(name: string): number | undefined {
  byName ??= numbersByName();
  return byName.get(name);
}

function numbersByName(): Map<string, number> {
  const map = new Map<string, number>(TABLE.map(([errno, canonical]) => [canonical, errno]));
  for (const [alias, canonical] of Object.entries(ERRNO_ALIASES)) {
    // ERRNO_ALIASES' values are canonical names of TABLE (its type says so): always found.
    map.set(alias, map.get(canonical)!);
  }
  return map;
}

/**
 * A short description of an errno, in the spirit of strerror (`'No such device'` for 19); negative
 * numbers are looked up by magnitude. Numbers that are not an errno give `undefined`.
 */
export function errnoDescription(errno: number): string | undefined {
  return rowFor(errno)?.[2];
}

/** Options of `formatErrno`. */
export interface FormatErrnoOptions {
  /** Append the description in parentheses: `'ENODEV (No such device)'`. */
  description?: boolean;
}

/**
 * An errno for display, never empty: its name (`'ENODEV'`), or `'errno 9999'` for a number with no name,
 * a form that cannot be mistaken for a real errno name. Negative numbers are shown by magnitude.
 */
export function formatErrno(errno: number, options: FormatErrnoOptions = {}): string {
  const row = rowFor(errno);
  if (row === undefined) return `errno ${Number.isInteger(errno) ? Math.abs(errno) : errno}`;
  return options.description === true ? `${row[1]} (${row[2]})` : row[1];
}

/** Whether `name` is an errno name this table knows, canonical or alias. */
export function isErrnoName(name: string): name is ErrnoName {
  return errnoNumber(name) !== undefined;
}

/** One row of the errno table. */
export interface ErrnoInfo {
  /** The (positive) errno number. */
  errno: number;
  /** Its canonical name. */
  name: string;
  /** A short description. */
  description: string;
}

/** Every errno the table knows, in numeric order, canonical names only (see `ERRNO_ALIASES`). */
export function errnoList(): ErrnoInfo[] {
  return TABLE.map(([errno, name, description]) => ({ errno, name, description }));
}
