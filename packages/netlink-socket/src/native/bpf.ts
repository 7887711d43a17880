import { loadNative } from './binding.js';
import { fromNativeError, InvalidArgumentError } from './errors.js';

/**
 * Opens the BPF object (a program, a map) pinned at `path` on a bpffs, as `tc … bpf object-pinned PATH`
 * does: bpf(2) BPF_OBJ_GET, which Node does not offer. Returns a new file descriptor (close-on-exec); the
 * caller closes it (`fs.closeSync(fd)`) once the kernel holds the object (a filter attached, …).
 * @throws InvalidArgumentError for a path that is not an absolute path without NUL, before anything is done.
 * @throws NativeError (stage `'bpf'`): ENOENT when nothing is pinned there, EPERM without CAP_BPF, EINVAL
 *   when the path is not on a bpffs.
 */
export function bpfObjGet(path: string): number {
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('\0')) throw new InvalidArgumentError('path', `${JSON.stringify(path)} is not an absolute path (a pinned object on a bpffs)`);
  try {
    return loadNative().bpfObjGet(path);
  } catch (error) {
    throw fromNativeError(error);
  }
}
