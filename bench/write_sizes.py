#!/usr/bin/env python3
"""Kernel CPU time of writing 1 GiB through the page cache in writes of each given size. Not a test.

    python3 bench/write_sizes.py [--gap SECONDS] [--rounds N] [--keep-size-prealloc] SIZE_KIB...

Before each file, sleeps GAP seconds (default 4) after deleting the previous one: on a VM whose balloon
reports free pages to the host, memory freed more than ~2 s earlier has gone back to the host, and a large
write's large page-cache folio comes from those pages (see results/pull-floor.md). Writes go to
$TMPDIR (default /tmp). Prints the system CPU time and wall time of each file.
"""

import argparse
import ctypes
import os
import resource
import tempfile
import time

GIB = 1 << 30


def write_file(path, size_kib, prealloc):
    chunk = os.urandom(size_kib * 1024)
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        if prealloc:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            if libc.fallocate(fd, 1, ctypes.c_long(0), ctypes.c_long(GIB)) != 0:  # 1 = FALLOC_FL_KEEP_SIZE
                raise OSError(ctypes.get_errno(), "fallocate")
        offset = 0
        while offset < GIB:
            offset += os.pwrite(fd, chunk, offset)
    finally:
        os.close(fd)
    after = resource.getrusage(resource.RUSAGE_SELF)
    return after.ru_stime - before.ru_stime, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="+", type=int, help="write sizes in KiB")
    parser.add_argument("--gap", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep-size-prealloc", action="store_true")
    args = parser.parse_args()
    path = os.path.join(tempfile.gettempdir(), f"write-sizes-{os.getpid()}.bin")
    for _ in range(args.rounds):
        for size in args.sizes:
            time.sleep(args.gap)
            try:
                sys_cpu, wall = write_file(path, size, args.keep_size_prealloc)
            finally:
                if os.path.exists(path):
                    os.unlink(path)
            print(f"{size:5} KiB writes: sys {sys_cpu:.3f} s, wall {wall:.3f} s", flush=True)


if __name__ == "__main__":
    main()
