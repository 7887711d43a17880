import { LinxError } from '@linx/netlink-wire';

/** The step of the native layer that failed, as named in a {@link NativeError}. */
export type NativeStage =
  | 'open'
  | 'setns'
  | 'socket'
  | 'thread'
  | 'bind'
  | 'getsockname'
  | 'setsockopt'
  | 'getsockopt'
  | 'send'
  | 'recvmsg'
  | 'poll'
  | 'ioctl'
  | (string & {});

/**
 * A system call of the native layer failed: which step (`stage`), and the errno (`errno`, `errnoName`).
 * For example opening a socket in a namespace that does not exist fails at stage `'open'` with `ENOENT`,
 * entering a namespace without CAP_SYS_ADMIN at `'setns'` with `EPERM`, and a receive buffer overflow is
 * not an error at all but an overrun (see `RawNetlinkSocket.start`).
 */
export class NativeError extends LinxError {
  /** The failing step: `'open'`, `'setns'`, `'socket'`, `'bind'`, `'setsockopt'`, `'send'`, `'recvmsg'`, … */
  readonly stage: NativeStage;
  /** The errno value (positive, as in C). */
  readonly errno: number;
  /** The errno's symbolic name, such as `'ENOENT'` (`'E<number>'` for one the addon does not know). */
  readonly errnoName: string;

  constructor(stage: NativeStage, errno: number, errnoName: string, message?: string, options?: { cause?: unknown }) {
    super('ERR_LINX_NATIVE', message ?? `${stage} failed: ${errnoName}`, options);
    this.stage = stage;
    this.errno = errno;
    this.errnoName = errnoName;
  }
}

/** A method was called on a socket that has been closed. */
export class SocketClosedError extends LinxError {
  constructor(options?: { cause?: unknown }) {
    super('ERR_LINX_CLOSED', 'the netlink socket is closed', options);
  }
}

/**
 * An argument was rejected before anything was sent or anything native ran: a namespace name with a `/`,
 * a negative group number, a buffer size that is not an integer, … (wire's one bad-input class, here
 * where the packages above have always imported it from).
 */
export { InvalidArgumentError } from '@linx/netlink-wire';

/** The addon could not be loaded: not on Linux, or its binary failed to load (the cause says why). */
export class NativeLoadError extends LinxError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'ERR_LINX_NATIVE_LOAD', message, options && 'cause' in options ? { cause: options.cause } : undefined);
  }
}

/**
 * No binary of the addon exists for this platform: no prebuilt one ships for it (they do for linux-x64
 * and linux-arm64, glibc and musl) and none was compiled in the package's folder. `command` compiles one
 * there (python3, make and a C++17 compiler needed), which is loaded from then on.
 */
export class NativeBinaryMissingError extends NativeLoadError {
  /** `process.platform`, `process.arch`, and the C library prebuilds are matched against (`'glibc'`, `'musl'`). */
  readonly platform: string;
  readonly arch: string;
  readonly libc: string;
  /** The installed package's folder; the addon is compiled in its `native/` folder. */
  readonly packageDir: string;
  /** The shell command that compiles the addon: `cd <packageDir>/native && npx --yes node-gyp rebuild`. */
  readonly command: string;

  constructor(platform: string, arch: string, libc: string, packageDir: string, options?: { cause?: unknown }) {
    const command = `cd ${JSON.stringify(`${packageDir}/native`)} && npx --yes node-gyp rebuild`;
    super(
      `no linx netlink addon for ${platform}-${arch} (${libc}): no prebuilt binary ships for it and none was compiled; ` +
        `compile it (needs python3, make and a C++17 compiler) with: ${command}`,
      { ...options, code: 'ERR_LINX_NATIVE_MISSING' },
    );
    this.platform = platform;
    this.arch = arch;
    this.libc = libc;
    this.packageDir = packageDir;
    this.command = command;
  }
}

interface RawNativeError {
  code?: unknown;
  stage?: unknown;
  errno?: unknown;
  errnoName?: unknown;
  message?: unknown;
}

/**
 * Turns an error thrown (or delivered) by the addon into the matching linx error; anything else (a
 * TypeError from argument checks, say) is returned unchanged.
 */
export function fromNativeError(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const raw = error as RawNativeError;
  if (raw.code === 'ERR_LINX_CLOSED') return new SocketClosedError({ cause: error });
  if (raw.code === 'ERR_LINX_NATIVE' && typeof raw.stage === 'string' && typeof raw.errno === 'number') {
    const name = typeof raw.errnoName === 'string' ? raw.errnoName : `E${raw.errno}`;
    const message = typeof raw.message === 'string' ? raw.message : undefined;
    return new NativeError(raw.stage, raw.errno, name, message, { cause: error });
  }
  return error;
}
