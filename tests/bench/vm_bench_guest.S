/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest of vm_bench.c, at EL1 with its MMU off. It measures its own VM exits with
 * the PMU's instruction counter (PMEVCNTR0, which also counts at EL2): the fewest of
 * ROUNDS tries, less two back-to-back counter reads, reported by HVC_REPORT with x1 =
 * the figure and x2 = which. Then PSCI SYSTEM_OFF.
 */
#define HVC_NULL 0
#define HVC_REPORT 2
#define HVC_READY 4
#define HVC_ARRIVED 5
#define MMIO_IPA 0x50000000
#define ROUNDS 64

/* x22 = the counter */
.macro count reg
	isb
	mrs	\reg, pmevcntr0_el0
.endm

/* x21 = min(x21, x23 - x22) */
.macro keep_best
	sub	x23, x23, x22
	cmp	x23, x21
	csel	x21, x23, x21, lo
.endm

	.section .text.guest, "ax"
	.balign 4096
	.global bench_guest_start, bench_guest_end
bench_guest_start:
	/* the cost of reading the counter: x24 */
	mov	x20, #ROUNDS
	mov	x21, #-1
1:	count	x22
	count	x23
	keep_best
	subs	x20, x20, #1
	b.ne	1b
	mov	x24, x21

	/* a null hypercall through the VMM and back */
	mov	x20, #ROUNDS
	mov	x21, #-1
2:	count	x22
	mov	x0, #HVC_NULL
	hvc	#0
	count	x23
	keep_best
	subs	x20, x20, #1
	b.ne	2b
	sub	x1, x21, x24
	mov	x2, #1
	mov	x0, #HVC_REPORT
	hvc	#0

	/* an MMIO load the VMM emulates */
	mov	x3, #MMIO_IPA
	mov	x20, #ROUNDS
	mov	x21, #-1
3:	count	x22
	ldr	w6, [x3]
	count	x23
	keep_best
	subs	x20, x20, #1
	b.ne	3b
	sub	x1, x21, x24
	mov	x2, #2
	mov	x0, #HVC_REPORT
	hvc	#0

	/* a call through direct channel 0 to a native server and back, no VMM */
	mov	x20, #ROUNDS
	mov	x21, #-1
4:	count	x22
	ldr	x0, =0xc6000100		/* TSR_HVC_CHANNEL(0) */
	mov	x1, #0			/* short, no words */
	hvc	#0
	count	x23
	keep_best
	subs	x20, x20, #1
	b.ne	4b
	sub	x1, x21, x24
	mov	x2, #3
	mov	x0, #HVC_REPORT
	hvc	#0

	/* virq_inject: asleep in WFI until the VMM's signal arrives as an interrupt; the
	 * handler's first instruction reads the counter (x26), which goes to the VMM */
	adr	x3, bench_vectors
	msr	vbar_el1, x3
	mov	x0, #0xff
	msr	icc_pmr_el1, x0
	mov	x0, #1
	msr	icc_igrpen1_el1, x0
	isb
	mov	x20, #ROUNDS
5:	mov	x25, #0
	mov	x0, #HVC_READY
	hvc	#0
	msr	daifclr, #2
6:	wfi
	cbz	x25, 6b
	msr	daifset, #2
	mov	x1, x26
	mov	x0, #HVC_ARRIVED
	hvc	#0
	subs	x20, x20, #1
	b.ne	5b
	mov	x2, #4
	mov	x0, #HVC_REPORT		/* the VMM has the figure */
	hvc	#0

	ldr	x0, =0x84000008		/* PSCI SYSTEM_OFF */
	smc	#0
	b	.
	.ltorg

	.balign 2048
bench_vectors:
	.org	bench_vectors + 0x280	/* current EL with SP_ELx, IRQ */
	mrs	x26, pmevcntr0_el0
	mrs	x27, icc_iar1_el1
	msr	icc_eoir1_el1, x27
	mov	x25, #1
	eret
	.balign 4096
bench_guest_end:
