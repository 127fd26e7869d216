# SPDX-License-Identifier: BSD-2-Clause
# tessera_system_cache.py: a failed `./tessera build <manifest>` leaves later builds alone.
"""Issue 15, finding 11: after `./tessera build bad.toml` failed, every later build, run
and test failed with the old manifest's error (CMake had cached TESSERA_SYSTEM). Now the
front end checks a manifest before CMake sees it, and CMake keeps a user's system for one
configuration only. Both are tested in build directories of their own."""

import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BAD = '[system]\nname = "bad"\n\n[[component]]\nname = "c"\nprogram = "hello"\npriority = 300\n'


@unittest.skipUnless(shutil.which("cmake") and shutil.which("ninja") and
                     shutil.which("aarch64-linux-gnu-gcc"), "needs cmake, ninja and the "
                     "cross compiler")
class UserSystemTest(unittest.TestCase):
    """A bad user manifest, through ./tessera and through CMake."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        self.manifest = self.root / "mysystem" / "system.toml"
        self.manifest.parent.mkdir()
        self.manifest.write_text(BAD)

    def tearDown(self):
        self.tmp.cleanup()

    def run_command(self, *argv, **env):
        """ARGV with ENV added: (exit status, stderr)."""
        result = subprocess.run([str(a) for a in argv], capture_output=True, text=True,
                                env={**os.environ, **env}, cwd=REPO, timeout=300,
                                check=False)
        return result.returncode, result.stderr

    def test_front_end_checks_before_cmake(self):
        build = self.root / "build"
        status, stderr = self.run_command(REPO / "tessera", "build", self.manifest,
                                          TESSERA_BUILD=str(build))
        self.assertEqual(status, 1)
        self.assertIn(f"{self.manifest}: component 'c'.priority: 300 is out of range 1..254",
                      stderr)
        self.assertFalse((build / "CMakeCache.txt").exists())

    def test_cmake_does_not_keep_the_system(self):
        build = self.root / "build"
        status, stderr = self.run_command("cmake", "-S", REPO, "-B", build, "-G", "Ninja",
                                          f"-DTESSERA_SYSTEM={self.manifest}")
        self.assertNotEqual(status, 0)
        self.assertIn("component 'c'.priority: 300", stderr)
        status, stderr = self.run_command("cmake", "-S", REPO, "-B", build)
        self.assertEqual((status, stderr), (0, ""))
        cache = (build / "CMakeCache.txt").read_text()
        self.assertIn("TESSERA_SYSTEM:FILEPATH=\n", cache)


if __name__ == "__main__":
    unittest.main()
