/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel test: an EL2 data abort after boot, which must end in a full panic report. */
#include <boot.h>
#include <console.h>

void boot_hook(void)
{
	kprintf("panic test: reading unmapped address 0x7f00000000 at EL2\n");
	/* Put known values in registers so the test can find them in the dump. */
	__asm__ volatile("mov x19, #0x1919\n"
			 "mov x20, #0x2020\n"
			 "movz x21, #0x7f, lsl #32\n"
			 "ldr x22, [x21]\n" ::
			     : "x19", "x20", "x21", "x22", "memory");
}
