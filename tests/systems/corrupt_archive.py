# SPDX-License-Identifier: BSD-2-Clause
# corrupt_archive.py: flip one byte inside the spec of a boot archive (a test input).
"""Usage: corrupt_archive.py IN OUT — copy a boot archive, changing one spec byte."""

import struct
import sys

data = bytearray(open(sys.argv[1], "rb").read())
magic, count = struct.unpack_from("<QI", data, 0)
for i in range(count):
    name, offset, size = struct.unpack_from("<32sQQ", data, 16 + 48 * i)
    if name.rstrip(b"\0") == b"spec":
        data[offset + size - 1] ^= 0xFF  # inside the checksummed part
        break
else:
    sys.exit("no spec in the archive")
open(sys.argv[2], "wb").write(data)
