# SPDX-License-Identifier: BSD-2-Clause
# compose.py: check a Tessera system manifest and build the root manager's spec and archive.
"""Compose a Tessera system from its manifest.

`build` checks the manifest (TOML) against the board and the component programs, then
writes spec.bin (the binary spec), archive.bin (the boot archive: the spec, every
program and the VMs' files), spec.txt (every object and capability), report.txt
(resources), system.dot (and system.svg when Graphviz is installed) and each VM's
device tree source. `header` writes the C header of the formats, `programs` lists the
programs a manifest uses, `files` the VMs' files, `check` only checks. See
docs/manifest.md; the code is the package tools/compose/.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compose.cli import main  # noqa: E402  (the package tools/compose/, not this file)

if __name__ == "__main__":
    sys.exit(main())
