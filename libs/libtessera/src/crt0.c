/* SPDX-License-Identifier: BSD-2-Clause */
/* Program entry: the kernel has set SP; run main, then exit with its result. */
#include <tessera/user.h>

__attribute__((section(".text.start"), noreturn)) void _start(void);

void _start(void) { tsr_exit(main()); }
