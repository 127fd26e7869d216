/* SPDX-License-Identifier: BSD-2-Clause */
/* Object invocations: one inline stub per method of tessera/abi.h. */
#ifndef TESSERA_OBJECT_H
#define TESSERA_OBJECT_H

#include <tessera/abi.h>

typedef unsigned long tsr_cap; /* an index in the caller's CSpace root */

/* INVOKE: x0 = capability, x1 = method, x2..x7 = arguments; x0 result, x1 value. */
static inline long tsr_invoke6(tsr_cap cap, unsigned long method, unsigned long a0,
			       unsigned long a1, unsigned long a2, unsigned long a3,
			       unsigned long a4, unsigned long a5, unsigned long *value)
{
	register unsigned long x8 __asm__("x8") = TSR_SYS_INVOKE;
	register unsigned long x0 __asm__("x0") = cap;
	register unsigned long x1 __asm__("x1") = method;
	register unsigned long x2 __asm__("x2") = a0;
	register unsigned long x3 __asm__("x3") = a1;
	register unsigned long x4 __asm__("x4") = a2;
	register unsigned long x5 __asm__("x5") = a3;
	register unsigned long x6 __asm__("x6") = a4;
	register unsigned long x7 __asm__("x7") = a5;
	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1)
			 : "r"(x8), "r"(x2), "r"(x3), "r"(x4), "r"(x5), "r"(x6), "r"(x7)
			 : TSR_SVC_CLOBBERS);
	if (value)
		*value = x1;
	return (long)x0;
}

/* The same with five arguments (x7 = 0), as most methods take. */
static inline long tsr_invoke(tsr_cap cap, unsigned long method, unsigned long a0, unsigned long a1,
			      unsigned long a2, unsigned long a3, unsigned long a4,
			      unsigned long *value)
{
	return tsr_invoke6(cap, method, a0, a1, a2, a3, a4, 0, value);
}

#define TSR_INVOKE0(cap, m) tsr_invoke(cap, m, 0, 0, 0, 0, 0, 0)

static inline long tsr_untyped_retype(tsr_cap ut, unsigned long type, unsigned long size_bits,
				      tsr_cap cnode, unsigned long index, unsigned long count)
{
	return tsr_invoke(ut, TSR_UNTYPED_RETYPE, type, size_bits, cnode, index, count, 0);
}

static inline long tsr_cnode_copy(tsr_cap cnode, unsigned long dst, tsr_cap src_cnode,
				  unsigned long src, unsigned long rights)
{
	return tsr_invoke(cnode, TSR_CNODE_COPY, dst, src_cnode, src, rights, 0, 0);
}

static inline long tsr_cnode_mint(tsr_cap cnode, unsigned long dst, tsr_cap src_cnode,
				  unsigned long src, unsigned long rights, unsigned long badge)
{
	return tsr_invoke(cnode, TSR_CNODE_MINT, dst, src_cnode, src, rights, badge, 0);
}

static inline long tsr_cnode_move(tsr_cap cnode, unsigned long dst, tsr_cap src_cnode,
				  unsigned long src)
{
	return tsr_invoke(cnode, TSR_CNODE_MOVE, dst, src_cnode, src, 0, 0, 0);
}

static inline long tsr_cnode_delete(tsr_cap cnode, unsigned long index)
{
	return tsr_invoke(cnode, TSR_CNODE_DELETE, index, 0, 0, 0, 0, 0);
}

static inline long tsr_cnode_revoke(tsr_cap cnode, unsigned long index)
{
	return tsr_invoke(cnode, TSR_CNODE_REVOKE, index, 0, 0, 0, 0, 0);
}

static inline long tsr_tcb_configure(tsr_cap tcb, tsr_cap cspace, tsr_cap vspace,
				     unsigned long utcb_address, tsr_cap utcb_frame,
				     tsr_cap fault_endpoint, unsigned long flags)
{
	return tsr_invoke6(tcb, TSR_TCB_CONFIGURE, cspace, vspace, utcb_address, utcb_frame,
			   fault_endpoint, flags, 0);
}

static inline long tsr_tcb_set_priority(tsr_cap tcb, tsr_cap authority, unsigned long prio)
{
	return tsr_invoke(tcb, TSR_TCB_SET_PRIORITY, authority, prio, 0, 0, 0, 0);
}

static inline long tsr_tcb_set_mcp(tsr_cap tcb, tsr_cap authority, unsigned long mcp)
{
	return tsr_invoke(tcb, TSR_TCB_SET_MCP, authority, mcp, 0, 0, 0, 0);
}

/* Register indices: 0..30 x0..x30, 31 sp, 32 pc; a vCPU thread's PSTATE (AArch64 EL0t,
 * EL1t or EL1h; NZCV and DAIF) and system registers (TSR_REG_VCPU, abi.h). */
#define TSR_REG_SP 31
#define TSR_REG_PC 32
#define TSR_REG_PSTATE 33

static inline long tsr_tcb_read_register(tsr_cap tcb, unsigned long index, unsigned long *v)
{
	return tsr_invoke(tcb, TSR_TCB_READ_REGISTER, index, 0, 0, 0, 0, v);
}

static inline long tsr_tcb_write_register(tsr_cap tcb, unsigned long index, unsigned long v)
{
	return tsr_invoke(tcb, TSR_TCB_WRITE_REGISTER, index, v, 0, 0, 0, 0);
}

/* Names the thread in the kernel's reports (at most 23 characters are kept). */
static inline long tsr_tcb_set_name(tsr_cap tcb, const char *name)
{
	unsigned long w[3] = {0, 0, 0};
	const char *c = name;
	for (unsigned i = 0; i < 23 && *c; i++, c++)
		w[i / 8] |= (unsigned long)(unsigned char)*c << (8 * (i % 8));
	return tsr_invoke(tcb, TSR_TCB_SET_NAME, w[0], w[1], w[2], 0, 0, 0);
}

/* Moves the thread to CPU `cpu` (0 .. the number online - 1; -TSR_EINVAL beyond). */
static inline long tsr_tcb_set_affinity(tsr_cap tcb, unsigned long cpu)
{
	return tsr_invoke(tcb, TSR_TCB_SET_AFFINITY, cpu, 0, 0, 0, 0, 0);
}

static inline long tsr_tcb_resume(tsr_cap tcb) { return TSR_INVOKE0(tcb, TSR_TCB_RESUME); }
static inline long tsr_tcb_suspend(tsr_cap tcb) { return TSR_INVOKE0(tcb, TSR_TCB_SUSPEND); }

static inline long tsr_tcb_bind_sc(tsr_cap tcb, tsr_cap sc)
{
	return tsr_invoke(tcb, TSR_TCB_BIND_SC, sc, 0, 0, 0, 0, 0);
}

/* Signals of `notification` reach the thread: in its receives (a native thread), or as
 * the virtual interrupt VCPU_SET_NOTIFY_IRQ chose (a vCPU's). */
static inline long tsr_tcb_bind_notification(tsr_cap tcb, tsr_cap notification)
{
	return tsr_invoke(tcb, TSR_TCB_BIND_NOTIFICATION, notification, 0, 0, 0, 0, 0);
}

/* Makes a stopped thread a vCPU's: it then runs guest code at EL1 (abi.h, VM exits). */
static inline long tsr_tcb_bind_vcpu(tsr_cap tcb, tsr_cap vcpu)
{
	return tsr_invoke(tcb, TSR_TCB_BIND_VCPU, vcpu, 0, 0, 0, 0, 0);
}

/* Makes virtual interrupt `intid` pending in the vCPU's guest, at `priority`. */
static inline long tsr_vcpu_inject_irq(tsr_cap vcpu, unsigned long intid, unsigned long priority)
{
	return tsr_invoke(vcpu, TSR_VCPU_INJECT_IRQ, intid, priority, 0, 0, 0, 0);
}

/* Gives the guest direct channel `index`: an endpoint or notification capability (0:
 * none); its hypercall TSR_HVC_CHANNEL(index) then reaches it without the VMM. */
static inline long tsr_vcpu_set_channel(tsr_cap vcpu, unsigned long index, tsr_cap cap)
{
	return tsr_invoke(vcpu, TSR_VCPU_SET_CHANNEL, index, cap, 0, 0, 0, 0);
}

/* The virtual interrupt (1020: none) that signals of the notification bound
 * to the vCPU's thread raise in its guest. */
static inline long tsr_vcpu_set_notify_irq(tsr_cap vcpu, unsigned long intid)
{
	return tsr_invoke(vcpu, TSR_VCPU_SET_NOTIFY_IRQ, intid, 0, 0, 0, 0, 0);
}

static inline long tsr_tcb_unbind_sc(tsr_cap tcb, tsr_cap sc)
{
	return tsr_invoke(tcb, TSR_TCB_UNBIND_SC, sc, 0, 0, 0, 0, 0);
}

static inline long tsr_page_table_map(tsr_cap pt, tsr_cap vspace, unsigned long address)
{
	return tsr_invoke(pt, TSR_PAGE_TABLE_MAP, vspace, address, 0, 0, 0, 0);
}

static inline long tsr_page_table_unmap(tsr_cap pt)
{
	return TSR_INVOKE0(pt, TSR_PAGE_TABLE_UNMAP);
}

static inline long tsr_frame_map(tsr_cap frame, tsr_cap vspace, unsigned long address,
				 unsigned long rights, unsigned long attributes)
{
	return tsr_invoke(frame, TSR_FRAME_MAP, vspace, address, rights, attributes, 0, 0);
}

static inline long tsr_frame_unmap(tsr_cap frame) { return TSR_INVOKE0(frame, TSR_FRAME_UNMAP); }

static inline long tsr_frame_address(tsr_cap frame, unsigned long *pa)
{
	return tsr_invoke(frame, TSR_FRAME_ADDRESS, 0, 0, 0, 0, 0, pa);
}

static inline long tsr_sched_control_configure(tsr_cap control, tsr_cap sc, unsigned long budget_us,
					       unsigned long period_us)
{
	return tsr_invoke(control, TSR_SCHED_CONTROL_CONFIGURE, sc, budget_us, period_us, 0, 0, 0);
}
/* The handler capability of interrupt line `irq`, into slot `index` of `cnode`. */
static inline long tsr_irq_control_get(tsr_cap control, unsigned long irq, tsr_cap cnode,
				       unsigned long index)
{
	return tsr_invoke(control, TSR_IRQ_CONTROL_GET, irq, cnode, index, 0, 0, 0);
}

/* A periodic task's context: released every period_us, budget_us each, due deadline_us
 * after each release; misses and overruns signal `handler` (a notification, 0: none). */
static inline long tsr_sched_control_periodic(tsr_cap control, tsr_cap sc, unsigned long budget_us,
					      unsigned long period_us, unsigned long deadline_us,
					      tsr_cap handler)
{
	return tsr_invoke(control, TSR_SCHED_CONTROL_CONFIGURE, sc, budget_us, period_us,
			  deadline_us, handler, 0);
}

#endif
