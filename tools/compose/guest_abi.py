# SPDX-License-Identifier: BSD-2-Clause
# guest_abi.py: the guest's machine as libs/guest/include/tessera/hypercall.h defines it.
"""The numbers of the guest ABI that the compose tool needs (where a VM's RAM and GIC
are, its interrupts, how many vCPUs it may have), read from the C header that guests
and the VMM include, so that they are defined once: TSR_GUEST_<NAME> as NAME."""

import re
from pathlib import Path

HEADER = Path(__file__).resolve().parents[2] / "libs/guest/include/tessera/hypercall.h"
_DEFINE = re.compile(r"^#define TSR_GUEST_([A-Z0-9_]+)\s+(0x[0-9a-fA-F]+|[0-9]+)U?L?\b",
                     re.MULTILINE)

GUEST = {name: int(value, 0) for name, value in _DEFINE.findall(HEADER.read_text())}
