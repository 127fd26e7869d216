/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A bare-metal guest's entry (tessera/guest.h, "Start-up"; linked by guest.ld through
 * tessera_guest_program): an arm64 Image header (Linux's
 * Documentation/arch/arm64/booting.rst), then at EL1 with the MMU off and x0 = the
 * device tree's address: an identity map with caches on (so that memory shared with
 * native components has the attributes they use), .bss cleared, a stack, the vector
 * table, and guest_main(dtb). Other vCPUs start at guest_secondary_entry (PSCI CPU_ON,
 * x0 = its context): the same map, their own stack, the vectors, guest_secondary(x0).
 * Every exception calls guest_trap(kind, ESR, ELR, FAR) with the registers saved.
 */
#define SCTLR_EL1_MMU_ON 0x30d0181d /* RES1 bits, M, C, SA, SA0, I; little-endian */
#define TCR_EL1_VALUE 0x200993519   /* T0SZ/T1SZ 25 (39-bit), 4K, WB inner shareable,
				       EPD1 (no TTBR1 walks), IPS 40 bits */
#define MAIR_EL1_VALUE 0xff04	    /* attr 0: Device-nGnRE, attr 1: Normal write-back */
#define BLOCK_DEVICE 0x0060000000000401 /* a block, attr 0, AF, PXN, UXN */
#define BLOCK_NORMAL 0x0000000000000705 /* a block, attr 1, inner shareable, AF */
#define TABLE 0x3			/* the next level's table */
#define GIC_START 0x08000000
#define GIC_END 0x09000000
#define FRAME 176			/* x0..x18, x30, ELR_EL1, SPSR_EL1 */
#define VCPUS_MAX 8			/* TSR_GUEST_VCPUS_MAX in tessera/hypercall.h */
#define SECONDARY_STACK 8192		/* bytes, for each vCPU but 0 */
#define PSCI_CPU_OFF 0x84000002

	.section .text.head, "ax"
	.global _start
_start:
	b	primary			/* code0 */
	.long	0			/* code1 */
	.quad	0x80000			/* text_offset: loaded 512 KiB into RAM */
	.quad	_image_size		/* image_size: to the end of .bss (guest.ld) */
	.quad	0x2			/* flags: little-endian, 4K pages, 2 MiB-aligned base
					   close to the start of RAM (bit 3 clear) */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic, at 0x38 */
	.long	0			/* res5 (no PE header) */

primary:
	mov	x19, x0			/* the device tree */
	bl	mmu_on
	/* .bss (the stacks too), 16-byte aligned by guest.ld */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	adrp	x1, stack_top
	add	x1, x1, :lo12:stack_top
	mov	sp, x1
	adr	x1, vectors
	msr	vbar_el1, x1
	isb
	mov	x0, x19
	bl	guest_main		/* does not return; if it did: */
3:	wfi
	b	3b

/* PSCI CPU_ON's entry for vCPU i (MPIDR_EL1 affinity 0.0.0.i, 1 <= i < VCPUS_MAX), with
 * the boot vCPU's start state and x0 = the context: the stack of secondary_stacks that
 * its index names, then guest_secondary(context). .bss was cleared by the boot vCPU
 * before it started any. Another index (no stack for it) turns itself off. */
	.global	guest_secondary_entry
guest_secondary_entry:
	mov	x19, x0			/* the context */
	bl	mmu_on
	mrs	x1, mpidr_el1
	and	x1, x1, #0xff		/* Aff0 */
	cbz	x1, 5f
	cmp	x1, #VCPUS_MAX
	b.hs	5f
	adrp	x2, secondary_stacks
	add	x2, x2, :lo12:secondary_stacks
	mov	x3, #SECONDARY_STACK
	madd	x2, x1, x3, x2		/* the top of stack i - 1 */
	mov	sp, x2
	adr	x1, vectors
	msr	vbar_el1, x1
	isb
	mov	x0, x19
	bl	guest_secondary		/* does not return; if it did: */
/* The default guest_secondary, for a guest that defines none: the vCPU turns itself off. */
	.weak	guest_secondary
guest_secondary:
5:	ldr	x0, =PSCI_CPU_OFF
	hvc	#0
	wfi
	b	5b

/* The identity map on with caches on, for any vCPU (x1 only; returns to x30, which the
 * identity map keeps valid). Nothing is written before the MMU is on: no cache
 * maintenance needed for it. */
mmu_on:
	ldr	x1, =MAIR_EL1_VALUE
	msr	mair_el1, x1
	ldr	x1, =TCR_EL1_VALUE
	msr	tcr_el1, x1
	adrp	x1, idmap
	msr	ttbr0_el1, x1
	isb
	tlbi	vmalle1
	ic	iallu
	dsb	nsh
	isb
	ldr	x1, =SCTLR_EL1_MMU_ON
	msr	sctlr_el1, x1
	isb
	ret
	.ltorg

/* Vector entries: each saves x0/x1, names its kind in x0 and goes to trap. */
.macro ventry kind
	.balign	0x80
	sub	sp, sp, #FRAME
	stp	x0, x1, [sp]
	mov	x0, #\kind
	b	trap
.endm

	.text
	.balign	2048
vectors:
	ventry	0	/* current EL with SP_EL0: synchronous, IRQ, FIQ, SError */
	ventry	1
	ventry	2
	ventry	3
	ventry	4	/* current EL with SP_ELx (ours): synchronous */
	ventry	5	/* IRQ */
	ventry	6	/* FIQ */
	ventry	7	/* SError */
	ventry	8	/* lower EL, AArch64 */
	ventry	9
	ventry	10
	ventry	11
	ventry	12	/* lower EL, AArch32 */
	ventry	13
	ventry	14
	ventry	15

/* x2..x18 and x30 to or from the frame (x0 and x1 are at its start). */
.macro pairs op
	\op	x2, x3, [sp, #16]
	\op	x4, x5, [sp, #32]
	\op	x6, x7, [sp, #48]
	\op	x8, x9, [sp, #64]
	\op	x10, x11, [sp, #80]
	\op	x12, x13, [sp, #96]
	\op	x14, x15, [sp, #112]
	\op	x16, x17, [sp, #128]
	\op	x18, x30, [sp, #144]
.endm

/* Save the caller-saved registers and the return state, call
 * guest_trap(kind, ESR_EL1, ELR_EL1, FAR_EL1), restore, return. */
trap:
	pairs	stp
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #160]
	mrs	x1, esr_el1
	mrs	x3, far_el1
	bl	guest_trap
	ldp	x2, x3, [sp, #160]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x0, x1, [sp]
	pairs	ldp
	add	sp, sp, #FRAME
	eret

/* The identity map: 512 GiB (T0SZ 25 starts the walk at level 1), normal memory but for
 * the GIC's 16 MiB (TSR_GUEST_GICD..TSR_GUEST_GIC_END in tessera/hypercall.h), device
 * memory. The first GiB in 2 MiB blocks (a level-2 table), the rest in 1 GiB blocks. */
	.section .rodata.idmap, "a"
	.balign	4096
idmap:
	.quad	idmap_low + TABLE
	.set	gib, 1
	.rept	511
	.quad	BLOCK_NORMAL | (gib << 30)
	.set	gib, gib + 1
	.endr
idmap_low:
	.set	mib2, 0
	.rept	512
	.if	mib2 >= (GIC_START >> 21) && mib2 < (GIC_END >> 21)
	.quad	BLOCK_DEVICE | (mib2 << 21)
	.else
	.quad	BLOCK_NORMAL | (mib2 << 21)
	.endif
	.set	mib2, mib2 + 1
	.endr

	.section .bss.stack, "aw", %nobits
	.balign	16
	.skip	16384
stack_top:				/* vCPU 0's */
	.balign	16
secondary_stacks:			/* vCPU i's ends at secondary_stacks + i * SECONDARY_STACK */
	.skip	(VCPUS_MAX - 1) * SECONDARY_STACK
