# Loads a BPF_PROG_TYPE_SCHED_CLS program ("r0 = 0; exit", GPL) named argv[1] with bpf(2) BPF_PROG_LOAD,
# and pins it at argv[2] (BPF_OBJ_PIN) for `tc … bpf object-pinned`: the eBPF program the live test attaches
# without clang or an object file. Layouts: union bpf_attr of linux/bpf.h (prog_type, insn_cnt, insns,
# license at 0/4/8/16, prog_name at 48; pathname, bpf_fd at 0/8). 321 is bpf(2) on x86-64.
import ctypes, os, sys, struct
libc = ctypes.CDLL(None, use_errno=True)
insns = bytes.fromhex('b700000000000000' '9500000000000000')
ib = ctypes.create_string_buffer(insns, len(insns))
lic = ctypes.create_string_buffer(b'GPL')
attr = bytearray(128)
struct.pack_into('<IIQQ', attr, 0, 3, 2, ctypes.addressof(ib), ctypes.addressof(lic))
name = sys.argv[1].encode()[:15]
attr[48:48 + len(name)] = name
ab = ctypes.create_string_buffer(bytes(attr), 128)
fd = libc.syscall(321, 5, ab, 128)
if fd < 0: sys.exit('BPF_PROG_LOAD: errno %d' % ctypes.get_errno())
path = ctypes.create_string_buffer(sys.argv[2].encode())
pin = bytearray(16)
struct.pack_into('<QI', pin, 0, ctypes.addressof(path), fd)
pb = ctypes.create_string_buffer(bytes(pin), 16)
if libc.syscall(321, 6, pb, 16) < 0: sys.exit('BPF_OBJ_PIN: errno %d' % ctypes.get_errno())
