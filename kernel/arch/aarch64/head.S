/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel entry: QEMU starts the ELF here, MMU and caches off, normally at EL2. */
#include <arch/frame.h>

	.section .text.head, "ax"
	.global _start
_start:
	/* One core for now: any other core that QEMU starts waits here for good. */
	mrs	x19, mpidr_el1
	and	x19, x19, #0xffffff
	cbnz	x19, 9f

	/* Clear .bss (8-byte aligned by the linker script). */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b

2:	adrp	x0, boot_stack_top
	add	x0, x0, :lo12:boot_stack_top
	mov	sp, x0
	mov	x29, xzr
	mrs	x0, CurrentEL
	ubfx	x0, x0, #2, #2
	bl	boot_main		/* does not return */

9:	wfe
	b	9b
