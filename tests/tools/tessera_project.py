# SPDX-License-Identifier: BSD-2-Clause
# tessera_project.py: a project made by `./tessera new` outside the tree builds and boots.
"""Issue 18: projects outside Tessera's tree are a first-class way to work. In a temporary
folder: `./tessera new` makes a project, `./tessera test` on its manifest (from the
project's folder, with a build folder of its own) builds it and boots it through the
template's test; `./tessera run --until` boots it as a user would; a program that
nothing builds is an error that says so; a project without CMake, whose manifest names
its programs' sources, builds and boots too; and the next configuration of the build
folder goes without the project."""

import shutil
import subprocess
import unittest

from tests.tools.tessera_case import REPO, TesseraCase


@unittest.skipUnless(shutil.which("cmake") and shutil.which("ninja") and
                     shutil.which("aarch64-linux-gnu-gcc") and
                     shutil.which("qemu-system-aarch64"), "needs cmake, ninja, the cross "
                     "compiler and QEMU")
class ProjectTest(TesseraCase):
    """One project, from `new` to a passing test."""

    def tessera(self, *argv, cwd=None):
        """./tessera ARGV in CWD with the project's build folder: (status, stdout, stderr)."""
        result = super().tessera(*argv, cwd=cwd, timeout=900)
        return result.returncode, result.stdout, result.stderr

    def test_new_build_boot_and_test(self):
        status, _, stderr = self.tessera("new", "lamp")
        self.assertEqual(status, 0, stderr)
        project = self.tmp / "lamp"

        status, stdout, stderr = self.tessera("test", "system.toml", cwd=project)
        self.assertEqual(status, 0, stdout + stderr)
        self.assertIn("Test #1: lamp.calls", stdout)
        self.assertEqual(stdout.splitlines()[-1], "1 passed, 0 failed")
        image = self.build / "systems" / "user_lamp" / "user_lamp.elf"
        self.assertTrue(image.is_file())
        self.assertTrue((self.build / "user-system.txt").is_file())

        status, stdout, stderr = self.tessera("run", "--no-build", "--until", "client: done",
                                              "--timeout", "60", project)
        self.assertEqual(status, 0, stdout + stderr)
        self.assertIn("client: 2 + 3 = 5", stdout)
        self.assertIn("qemu_run: stopped at /client: done/", stderr)

        # A program that nothing builds: said before the build, with what to add.
        manifest = project / "system.toml"
        manifest.write_text(manifest.read_text().replace('"lamp_client"', '"lamp_lost"'))
        status, _, stderr = self.tessera("build", manifest)
        self.assertEqual(status, 1, stderr)
        self.assertIn(f"{manifest}: nothing builds the program 'lamp_lost': add "
                      f"tessera_component(lamp_lost <sources>...) to {project}/CMakeLists.txt",
                      stderr)

        # A project without CMake: the manifest names its programs' sources.
        status, _, stderr = self.tessera("new", "bare")
        self.assertEqual(status, 0, stderr)
        bare = self.tmp / "bare"
        (bare / "CMakeLists.txt").unlink()
        text = (bare / "system.toml").read_text()
        for program, source in (("bare_server", "server.c"), ("bare_client", "client.c")):
            text = text.replace(f'program = "{program}"',
                                f'program = "{program}"\nsources = ["{source}"]')
        (bare / "system.toml").write_text(text)
        status, stdout, stderr = self.tessera("run", "--until", "client: done", "--timeout",
                                              "60", "system.toml", cwd=bare)
        self.assertEqual(status, 0, stdout + stderr)
        self.assertIn("client: 2 + 3 = 5", stdout)
        status, _, stderr = self.tessera("test", bare)
        self.assertEqual(status, 1)
        self.assertIn(f"{bare} declares no tests: add tessera_test(", stderr)

        # Tessera's own configuration comes back without the project's targets and tests.
        result = subprocess.run(["cmake", "-S", REPO, "-B", self.build], capture_output=True,
                                text=True, timeout=300, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertFalse((self.build / "user-system.txt").exists())
        query = subprocess.run(["ninja", "-C", self.build, "-t", "query", "system_user_lamp"],
                               capture_output=True, text=True, check=False)
        self.assertNotEqual(query.returncode, 0)


if __name__ == "__main__":
    unittest.main()
