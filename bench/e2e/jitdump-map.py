#!/usr/bin/env python3
"""Turns JSC's jitdump files (BUN_JSC_useJITDump=1) into perf's /tmp/perf-PID.map, so that
`perf report` names the JIT-compiled functions of a Bun process (bench/README.md, "Profiling with
JIT symbols"). JSC names its dump jit-TID-PID.dump, which `perf inject --jit` does not accept.
  python3 bench/e2e/jitdump-map.py /tmp/jitd/jit-*.dump"""
import struct
import sys

JIT_CODE_LOAD = 0


def convert(path: str) -> None:
    data = open(path, "rb").read()
    # The file header: magic, version, header size, ELF machine, padding, pid, timestamp, flags.
    _magic, _version, header_size, _mach, _pad, pid, _ts, _flags = struct.unpack_from("<IIIIIIQQ", data, 0)
    lines = []
    at = header_size
    while at + 16 <= len(data):
        kind, size, _ts = struct.unpack_from("<IIQ", data, at)
        if size == 0:
            break
        if kind == JIT_CODE_LOAD:
            # pid, tid, vma, code address, code size, code index; then the name, NUL-terminated.
            _p, _t, _vma, addr, code_size, _index = struct.unpack_from("<IIQQQQ", data, at + 16)
            name_at = at + 16 + 40
            name_end = data.index(b"\0", name_at)
            name = data[name_at:name_end].decode("utf-8", "replace").replace(" ", "_")
            lines.append(f"{addr:x} {code_size:x} {name}")
        at += size
    out = f"/tmp/perf-{pid}.map"
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{path}: {len(lines)} functions -> {out}")


for p in sys.argv[1:]:
    convert(p)
