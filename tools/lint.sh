#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Lint: clang-format must leave every C file unchanged, and cppcheck must find nothing.
# (The Linux guest's drivers follow Linux's style; guests.linux_checkpatch checks them.)
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
while IFS= read -r f; do
	if ! clang-format --dry-run --Werror "$f" 2>/dev/null; then
		echo "lint: $f is not clang-formatted (clang-format -i $f)"
		status=1
	fi
done < <(git ls-files --cached --others --exclude-standard '*.c' '*.h' \
	':!guests/paravirt-linux/drivers') # Linux's style there: checkpatch.pl checks it
# cppcheck reads GCC's register-asm variables (`register long x0 __asm__("x0") = m->x0;`)
# as statements without effect: silence that one check in the IPC and hypercall stubs.
cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 --inline-suppr \
	--suppress=constStatement:libs/libtessera/include/tessera/ipc.h \
	--suppress=constStatement:libs/guest/src/hvc.c \
	--std=c11 -D__aarch64__ -DTESSERA_LOAD_ADDR=0x40200000 \
	-Ikernel/include -Ikernel/arch/aarch64/include -Iplatforms/qemu-virt-aarch64/include \
	-Ilibs/libc/include -Ilibs/fmt/include -Ilibs/libtessera/include \
	kernel libs userland platforms tests/qemu tests/bench || status=1
[ $status -eq 0 ] && echo "lint: clean"
exit $status
