/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of vCPUs (kernel/src/vcpu.c): list registers, sleeping in WFI, registers. */
#include "kernel_fixture.h"
#include <vcpu.h>

static struct thread *guest;
static struct vcpu *vcpu;

/* A stopped thread bound to a fresh vCPU, beside the fixture's current thread. */
static void setup(void)
{
	fx_setup();
	free(guest);
	free(vcpu);
	guest = fx_alloc(10);
	vcpu = fx_alloc(12);
	thread_init(guest);
	vcpu_init(vcpu);
	guest->rq.prio = 100;
	CHECK_EQ_INT(vcpu_bind(guest, vcpu), 0);
	CHECK_EQ_INT(vcpu_bind(guest, vcpu), -TSR_EEXISTS);
}

static uint64_t lr(unsigned i) { return vcpu->reg[VCPU_ich_lr0_el2 + i]; }

TEST(four_list_registers_then_busy)
{
	setup();
	for (uint64_t intid = 42; intid < 46; intid++)
		CHECK_EQ_INT(vcpu_raise(vcpu, intid, 0xa0), 0);
	CHECK_EQ_INT(vcpu_raise(vcpu, 46, 0xa0), -TSR_EBUSY);
	CHECK_EQ_INT(vcpu_raise(vcpu, 43, 0xa0), 0); /* already there: no second entry */
	CHECK_EQ_INT(vcpu_raise(vcpu, 1020, 0xa0), -TSR_EINVAL);
	CHECK_EQ_INT(vcpu_raise(vcpu, 40, 256), -TSR_EINVAL);
	/* pending (state 01), group 1, priority 0xa0, the virtual INTID */
	CHECK_EQ_U64(lr(0), 1ULL << 62 | 1ULL << 60 | 0xa0ULL << 48 | 42);
	CHECK_EQ_U64(lr(3) & 0xffffffff, 45);
	vcpu->reg[VCPU_ich_lr0_el2 + 1] = 0; /* the guest ended 43: its register is free */
	CHECK_EQ_INT(vcpu_raise(vcpu, 46, 0xa0), 0);
	CHECK_EQ_U64(lr(1) & 0xffffffff, 46);
}

TEST(an_interrupt_wakes_a_guest_asleep_in_wfi)
{
	setup();
	guest->state = THREAD_RUNNABLE;
	scheduler_sleep(guest, UINT64_MAX);
	CHECK_EQ_INT(guest->state, THREAD_BLOCKED);
	CHECK_EQ_INT(guest->ipc, IPC_WFI);
	CHECK(!guest->rq.queued);
	CHECK_EQ_INT(vcpu_raise(vcpu, 42, 0xa0), 0);
	CHECK_EQ_INT(guest->state, THREAD_RUNNABLE);
	CHECK_EQ_INT(guest->ipc, IPC_NONE);
	CHECK(guest->rq.queued);
	scheduler_wake(guest); /* awake already: nothing changes */
	CHECK_EQ_INT(guest->state, THREAD_RUNNABLE);
}

TEST(its_timer_deadline_wakes_it)
{
	setup();
	guest->state = THREAD_RUNNABLE;
	guest->rq.prio = 50; /* below the fixture's thread, which keeps the CPU */
	scheduler_sleep(guest, 1000);
	fake_time = 999;
	schedule();
	CHECK_EQ_INT(guest->state, THREAD_BLOCKED);
	fake_time = 1000;
	schedule();
	CHECK_EQ_INT(guest->state, THREAD_RUNNABLE);
	CHECK(guest->rq.queued);
	CHECK(this_cpu()->current == fx_thread);
}

TEST(suspending_a_sleeper_takes_it_off_the_release_list)
{
	setup();
	guest->state = THREAD_RUNNABLE;
	guest->ctx.x[0] = 0x1234;
	scheduler_sleep(guest, 1000);
	thread_suspend(guest);
	CHECK_EQ_INT(guest->state, THREAD_SUSPENDED);
	CHECK_EQ_U64(guest->ctx.x[0], 0x1234); /* WFI is not a call: x0 is the guest's */
	CHECK(this_cpu()->throttled == NULL);
	fake_time = 2000;
	schedule();
	CHECK_EQ_INT(guest->state, THREAD_SUSPENDED);
	CHECK(!guest->rq.queued);
}

TEST(unbinding_makes_a_native_stopped_thread)
{
	setup();
	CHECK_EQ_U64(guest->ctx.spsr, 0x3c5);
	vcpu_unbind(vcpu);
	CHECK(guest->vcpu == NULL && vcpu->thread == NULL);
	CHECK_EQ_U64(guest->ctx.spsr, 0);
	CHECK_EQ_INT(guest->state, THREAD_SUSPENDED);
	CHECK_EQ_INT(vcpu_bind(guest, vcpu), 0); /* and may take it again */
}

#define GUEST_SLOT 20

/* Through TCB invocations: a guest's system registers, read-only virtual GIC state. */
TEST(system_registers_through_the_tcb)
{
	setup();
	struct cap tcb = {
	    .type = TSR_OBJ_TCB, .rights = TSR_RIGHTS_ALL, .obj = (uint64_t)(uintptr_t)guest};
	cdt_insert(&fx_cnode[GUEST_SLOT], &tcb, NULL);
	uint64_t x1 = 0;
	uint64_t args[] = {GUEST_SLOT, TSR_TCB_READ_REGISTER, TSR_REG_VCPU(TSR_VCPU_vmpidr_el2)};
	CHECK_EQ_INT(fx_syscall(TSR_SYS_INVOKE, args, 3, &x1), 0);
	CHECK_EQ_U64(x1, 1ULL << 31);
	CHECK_EQ_INT(
	    FX_INVOKE(GUEST_SLOT, TSR_TCB_WRITE_REGISTER, TSR_REG_VCPU(TSR_VCPU_vbar_el1), 0x800),
	    0);
	CHECK_EQ_U64(vcpu->reg[VCPU_vbar_el1], 0x800);
	CHECK_EQ_INT(
	    FX_INVOKE(GUEST_SLOT, TSR_TCB_WRITE_REGISTER, TSR_REG_VCPU(TSR_VCPU_ich_lr0_el2), 1),
	    -TSR_EINVAL);
	CHECK_EQ_INT(vcpu_raise(vcpu, 42, 0xa0), 0); /* pending in list register 0 */
	CHECK_EQ_INT(
	    FX_INVOKE(GUEST_SLOT, TSR_TCB_WRITE_REGISTER, TSR_REG_VCPU(TSR_VCPU_ich_lr0_el2), 0),
	    0); /* emptied, as a VMM does when it resets the guest */
	CHECK_EQ_U64(lr(0), 0);
	CHECK_EQ_INT(FX_INVOKE(GUEST_SLOT, TSR_TCB_READ_REGISTER, TSR_REG_VCPU(TSR_VCPU_NREGS)),
		     -TSR_EINVAL);
	CHECK_EQ_INT(FX_INVOKE(FX_TCB_SLOT, TSR_TCB_READ_REGISTER, TSR_REG_VCPU(0)),
		     -TSR_EINVAL); /* a native thread has none */
}

/* With the list registers full, the guest's timer and the VMM's interrupt wait; the
 * maintenance interrupt (room again) brings the timer's in and tells the VMM. */
TEST(interrupts_wait_for_room_until_the_maintenance_interrupt)
{
	setup();
	struct percpu *cpu = this_cpu();
	for (uint64_t intid = 42; intid < 46; intid++)
		CHECK_EQ_INT(vcpu_raise(vcpu, intid, 0xa0), 0);
	cpu->in_guest = true; /* the guest runs */
	cpu->loaded_vcpu = vcpu;
	vcpu_timer_irq();
	CHECK_EQ_INT(vcpu->missed, VCPU_MISSED_TIMER);
	CHECK_EQ_U64(vcpu->reg[VCPU_cntv_ctl_el0] & 2, 2); /* masked all the same */
	CHECK_EQ_INT(vcpu_raise(vcpu, 46, 0xa0), -TSR_EBUSY);
	CHECK_EQ_INT(vcpu->missed, VCPU_MISSED_TIMER | VCPU_MISSED_VMM);
	for (unsigned i = 0; i < 3; i++) /* the guest ended three */
		vcpu->reg[VCPU_ich_lr0_el2 + i] = 0;
	CHECK(vcpu_maintenance_irq()); /* the VMM is told */
	CHECK_EQ_U64(lr(0) & 0xffffffff, 27);
	CHECK_EQ_INT(vcpu->missed, VCPU_MISSED_VMM); /* until its exit is raised */
	cpu->in_guest = false;
	CHECK(!vcpu_maintenance_irq()); /* not in the guest: nothing */
	cpu->loaded_vcpu = NULL;
}

int main(void) { return check_run(); }
