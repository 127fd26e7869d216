# SPDX-License-Identifier: BSD-2-Clause
# tessera_case.py: what the front end's tests share: ./tessera in a temporary folder.
"""A test case that runs the ./tessera front end with a build folder of its own
(TESSERA_BUILD in a temporary folder), for the front end's error tests and the
project test."""

import os
import subprocess
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TESSERA = REPO / "tessera"


class TesseraCase(unittest.TestCase):
    """self.tmp: a temporary folder; self.build: its build folder (not made)."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = Path(tmp.name)
        self.build = self.tmp / "build"

    def tessera(self, *argv, cwd=None, timeout=60):
        """./tessera ARGV in CWD (default self.tmp) with self.build: the finished
        process (returncode, stdout, stderr)."""
        return subprocess.run([str(TESSERA), *map(str, argv)], capture_output=True,
                              text=True, cwd=cwd or self.tmp, timeout=timeout, check=False,
                              env={**os.environ, "TESSERA_BUILD": str(self.build)})
