# SPDX-License-Identifier: BSD-2-Clause
# files.py: read a file a manifest names: regular files only, never more than a limit.
"""Every file the tool reads for a manifest (the manifest itself, programs, a VM's
kernel, initrd and device tree) is read through read(): a named pipe would block the
build forever and /dev/zero would fill memory, so the file is opened without blocking,
must be a regular file once symbolic links are followed, and is read up to LIMIT + 1
bytes only, so that an oversized file is refused without reading it whole."""

import os
import stat

KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"),
         (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
         (stat.S_ISSOCK, "a socket"))


class FileProblem(Exception):
    """The file cannot be used; the message says why ("it is a named pipe, ...")."""


def _size(n):
    """N bytes, briefly (as model.fmt_size, which this module cannot import)."""
    for unit, shift in (("G", 30), ("M", 20), ("K", 10)):
        if n and n % (1 << shift) == 0:
            return f"{n >> shift}{unit}"
    return f"{n} bytes"


def exists(path):
    """Whether something is at PATH (False for a name the system refuses, too long)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def read(path, limit):
    """The bytes of the regular file at PATH, at most LIMIT of them. Raises
    FileNotFoundError if it does not exist, FileProblem if it is not a regular file or
    is larger than LIMIT, OSError if it cannot be read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = next((text for test, text in KINDS if test(mode)), "not a regular file")
            raise FileProblem(f"it is {what}, not a regular file")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileProblem(f"it is larger than {_size(limit)}, the most the tool reads")
    return data
