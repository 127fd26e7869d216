# SPDX-License-Identifier: BSD-2-Clause
# test_tessera_front_end.py: ./tessera's errors say what is wrong and change nothing.
"""Issue 18: the front end must never fail silently nor poison its own state. Each bad
command here must exit 1 with a line that names the problem and what to do, before
anything is configured: the build folder (TESSERA_BUILD, a temporary one) stays absent,
or, where it is given a configuration, unchanged."""

import shutil
import unittest
import uuid

from tests.tools.tessera_case import REPO, TesseraCase

# A manifest that passes the compose tool's check on every board.
MANIFEST = '[system]\nname = "x"\n[[component]]\nname = "c"\nprogram = "hello"\npriority = 1\n'


class FrontEndErrorTest(TesseraCase):
    """Errors of ./tessera build, run, debug, test and new."""

    def tessera(self, *argv):
        """./tessera ARGV with the temporary build folder: (status, stderr)."""
        result = super().tessera(*argv)
        return result.returncode, result.stderr

    def fails(self, message, *argv):
        """./tessera ARGV exits 1 with MESSAGE on stderr and leaves no build folder."""
        status, stderr = self.tessera(*argv)
        self.assertEqual(status, 1, stderr)
        self.assertIn(message, stderr)
        self.assertFalse(self.build.exists(), "the build folder was touched")
        return stderr

    def in_examples(self, cmakelists=None):
        """A folder in the tree's examples/ with a manifest (and CMAKELISTS), removed after
        the test: its path."""
        folder = REPO / "examples" / f"test-front-end-{uuid.uuid4().hex[:8]}"
        folder.mkdir()
        self.addCleanup(shutil.rmtree, folder)
        (folder / "system.toml").write_text(MANIFEST)
        if cmakelists is not None:
            (folder / "CMakeLists.txt").write_text(cmakelists)
        return folder

    def test_missing_manifest(self):
        for command in ("build", "run", "debug", "trace", "test"):
            with self.subTest(command=command):
                self.fails("no such manifest: nowhere/system.toml (nothing was built or "
                           "changed)", command, "nowhere/system.toml")

    def test_folder_without_manifest(self):
        self.fails(f"{self.tmp} is a folder without a system.toml", "build", self.tmp)

    def test_manifest_that_is_not_a_file(self):
        self.fails("/dev/null is not a file", "build", "/dev/null")

    def test_example_without_cmakelists(self):
        folder = self.in_examples()
        stderr = self.fails(f"{folder}/CMakeLists.txt does not exist", "build",
                            folder / "system.toml")
        self.assertIn("tessera_system(<name> MANIFEST system.toml)", stderr)
        self.assertIn("./tessera new DIR", stderr)

    def test_example_whose_cmakelists_declares_no_system(self):
        folder = self.in_examples("# nothing\n")
        self.fails(f"{folder}/CMakeLists.txt declares no tessera_system(<name> MANIFEST "
                   "system.toml)", "run", folder)

    def test_example_that_the_build_does_not_include(self):
        folder = self.in_examples("tessera_system(lost MANIFEST system.toml)\n")
        # A configured build folder (a stand-in: ninja reads it) that has no system_lost.
        self.build.mkdir()
        ninja = self.build / "build.ninja"
        ninja.write_text("rule touch\n  command = touch $out\nbuild other: touch\n")
        status, stderr = self.tessera("build", folder / "system.toml")
        self.assertEqual(status, 1, stderr)
        self.assertIn(f"declares the system lost, but the build does not include that "
                      f"folder: add add_subdirectory({folder.name})", stderr)
        self.assertEqual(sorted(p.name for p in self.build.iterdir()), ["build.ninja"])

    def test_board_manifest_named_by_the_platform(self):
        """A board's own manifest (<board>.toml), declared as ${TESSERA_PLATFORM}.toml inside
        an if(): the system's name is found, for that board only."""
        folder = self.in_examples("if(EXISTS ${TESSERA_PLATFORM}.toml)\n"
                                  "  tessera_system(mine MANIFEST ${TESSERA_PLATFORM}.toml)\n"
                                  "endif()\n")
        (folder / "zcu102.toml").write_text(MANIFEST)
        self.build.mkdir()
        (self.build / "build.ninja").write_text("rule touch\n  command = touch $out\n"
                                                "build other: touch\n")
        status, stderr = self.tessera("--platform", "zcu102", "build", folder / "zcu102.toml")
        self.assertEqual(status, 1, stderr)
        self.assertIn("declares the system mine, but the build does not include that folder",
                      stderr)
        status, stderr = self.tessera("build", folder / "zcu102.toml")
        self.assertEqual(status, 1, stderr)
        self.assertIn("declares no tessera_system(<name> MANIFEST zcu102.toml)", stderr)

    def test_manifest_for_a_device_the_board_lacks(self):
        """Issue 17: QEMU virt's Linux system (virtio disk and network, two CPUs) built for
        the ZCU102 is refused with the compose tool's reasons, before CMake runs (not
        built as the board's own examples/linux/zcu102.toml)."""
        manifest = REPO / "examples" / "linux" / "system.toml"
        stderr = self.fails(f"{manifest}: region 'virtio_mmio'.device: board 'zcu102' has no "
                            "\"virtio\" device; its devices by role: \"console\"",
                            "--platform", "zcu102", "build", manifest)
        self.assertIn(f"{manifest}: vm 'linux'.cpus: CPU 1 does not exist", stderr)

    def test_run_options(self):
        self.fails("run: --timeout takes seconds (a number), not 'soon'",
                   "run", "--timeout", "soon")
        self.fails("run: --until needs a value", "run", "--until")
        self.fails("run: unknown option --frob", "run", "--frob")
        self.fails("run: one manifest only", "run", "a.toml", "b.toml")
        self.fails("debug: --until is for ./tessera run", "debug", "--until=x")

    def test_no_build_needs_an_image(self):
        self.fails(f"--no-build: {self.build}/systems/hello/hello.elf is not built yet",
                   "run", "--no-build", REPO / "examples" / "hello" / "system.toml")

    def test_test_of_a_system_of_the_tree(self):
        self.fails("examples/client-server/system.toml is one of Tessera's systems, tested by "
                   "its own tests: ./tessera test -R client_server", "test",
                   REPO / "examples" / "client-server")

    def test_test_takes_one_manifest(self):
        self.fails("test: a manifest takes no ctest options", "test",
                   REPO / "examples" / "hello", "-R", "x")

    def test_new_refuses(self):
        (self.tmp / "full").mkdir()
        (self.tmp / "full" / "file").write_text("")
        self.fails("full exists and is not empty", "new", self.tmp / "full")
        self.fails("the folder's name, 'My Project', is the system's name", "new",
                   self.tmp / "My Project")
        self.fails("is inside Tessera's examples/ or tests/", "new", REPO / "examples" / "x")
        self.assertFalse((REPO / "examples" / "x").exists())

    def test_new_makes_a_project(self):
        status, stderr = self.tessera("new", "proj")
        self.assertEqual(status, 0, stderr)
        project = self.tmp / "proj"
        self.assertEqual(sorted(p.name for p in project.iterdir()),
                         ["CMakeLists.txt", "README.md", "client.c", "server.c", "system.toml"])
        manifest = (project / "system.toml").read_text()
        self.assertIn('name = "proj"', manifest)
        self.assertIn('program = "proj_server"', manifest)
        self.assertNotIn("@", manifest + (project / "CMakeLists.txt").read_text())
        self.assertIn(f"{REPO}/tessera run system.toml", (project / "README.md").read_text())
        self.assertFalse(self.build.exists())

    def test_unknown_command(self):
        status, stderr = self.tessera("frobnicate")
        self.assertEqual(status, 2)
        self.assertIn("tessera: unknown command 'frobnicate'", stderr)


if __name__ == "__main__":
    unittest.main()
