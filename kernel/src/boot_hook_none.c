/* SPDX-License-Identifier: BSD-2-Clause */
/* The normal boot hook: nothing to do. */
#include <boot.h>

void boot_hook(void) {}
