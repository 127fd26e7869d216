/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel entry: QEMU starts the ELF here, MMU and caches off, normally at EL2. */
#include <arch/frame.h>

	.section .text.head, "ax"
	.global _start
_start:
	/* The boot CPU only: the others start at secondary_entry (smp_boot, by PSCI);
	 * one that QEMU starts here anyway waits for good. */
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

/* A secondary CPU, started by PSCI CPU_ON with x0 = its number: its own stack, then C
 * (kernel/src/smp.c), MMU and caches still off. */
	.global secondary_entry
secondary_entry:
	adrp	x1, cpu_stacks
	add	x1, x1, :lo12:cpu_stacks
	add	x2, x0, #1
	mov	x3, #KERNEL_STACK_SIZE
	madd	x1, x2, x3, x1
	mov	sp, x1
	mov	x29, xzr
	bl	smp_secondary_main	/* does not return */
