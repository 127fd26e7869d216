/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * unsigned long vmm_bench_irq_wait(unsigned *intid), for the vmm_bench guest (guest.c):
 * sleep in WFI with IRQs unmasked until an interrupt comes, taken through vectors of its
 * own whose IRQ entry reads the instruction counter as its first instruction (as
 * tests/bench/vm_bench_guest.S does). It acknowledges and ends the interrupt, puts its
 * INTID in *intid and returns the counter. The guest's own vectors are back after it,
 * and IRQs masked; it uses only x0 and the caller-saved x9..x13.
 */
	.text
	.global	vmm_bench_irq_wait
vmm_bench_irq_wait:
	mrs	x9, vbar_el1
	adr	x10, irq_vectors
	msr	vbar_el1, x10
	isb
	mov	x11, #0			/* the handler sets it */
	msr	daifclr, #2
1:	cbnz	x11, 2f
	wfi
	b	1b
2:	msr	daifset, #2
	msr	vbar_el1, x9
	isb
	str	w13, [x0]
	mov	x0, x12
	ret

	.balign	2048
irq_vectors:
	.org	irq_vectors + 0x280	/* current EL with SP_ELx: IRQ */
	mrs	x12, pmevcntr0_el0	/* its first instruction: the figure ends here */
	mrs	x13, icc_iar1_el1
	msr	icc_eoir1_el1, x13
	mov	x11, #1
	eret
	.balign	2048
