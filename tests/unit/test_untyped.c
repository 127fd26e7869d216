/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of untyped memory: retype, its checks, clearing, preemption and reuse. */
#include "kernel_fixture.h"

#define U FX_UNTYPED_SLOT
#define CN FX_CNODE_SLOT

static long retype(uint64_t type, uint64_t bits, uint64_t index, uint64_t count)
{
	return FX_INVOKE(U, TSR_UNTYPED_RETYPE, type, bits, CN, index, count);
}

static bool zero(uint64_t addr, uint64_t size)
{
	for (uint64_t i = 0; i < size; i++)
		if (((unsigned char *)(uintptr_t)addr)[i])
			return false;
	return true;
}

TEST(frames_are_zeroed_aligned_and_consecutive)
{
	fx_setup();
	CHECK_EQ_INT(retype(TSR_OBJ_FRAME, 0, 20, 2), 0);
	struct cap *a = &fx_slot(20)->cap, *b = &fx_slot(21)->cap;
	CHECK_EQ_INT(a->type, TSR_OBJ_FRAME);
	CHECK_EQ_INT(a->size_bits, 12);
	CHECK_EQ_U64(a->obj, (uint64_t)(uintptr_t)fx_memory);
	CHECK_EQ_U64(b->obj, a->obj + 4096);
	CHECK(zero(a->obj, 8192));
	CHECK(fx_slot(20)->parent == fx_slot(U));
	/* An 8 KiB CNode (bits 7) after a 16-byte endpoint is aligned to 8 KiB. */
	CHECK_EQ_INT(retype(TSR_OBJ_ENDPOINT, 0, 22, 1), 0);
	CHECK_EQ_INT(retype(TSR_OBJ_CNODE, 7, 23, 1), 0);
	CHECK_EQ_U64(fx_slot(23)->cap.obj, a->obj + 16384);
	CHECK_EQ_INT(fx_slot(23)->cap.size_bits, 7);
}

TEST(bad_retypes_change_nothing)
{
	fx_setup();
	CHECK_EQ_INT(retype(99, 0, 20, 1), -TSR_EINVAL);
	CHECK_EQ_INT(retype(TSR_OBJ_NULL, 0, 20, 1), -TSR_EINVAL);
	CHECK_EQ_INT(retype(TSR_OBJ_SCHED_CONTROL, 0, 20, 1), -TSR_EINVAL);
	CHECK_EQ_INT(retype(TSR_OBJ_IRQ_CONTROL, 0, 20, 1), -TSR_EINVAL);
	/* An IRQ handler's object is its line: one made from memory would name line
	 * 0x40500000 and its methods write beyond the kernel's table (the fuzzer found it). */
	CHECK_EQ_INT(retype(TSR_OBJ_IRQ_HANDLER, 0, 20, 1), -TSR_EINVAL);
	CHECK_EQ_INT(retype(TSR_OBJ_CNODE, 0, 20, 1), -TSR_EINVAL);
	CHECK_EQ_INT(retype(TSR_OBJ_CNODE, 17, 20, 1), -TSR_EINVAL);
	CHECK_EQ_INT(retype(TSR_OBJ_UNTYPED, 3, 20, 1), -TSR_EINVAL);
	CHECK_EQ_INT(retype(TSR_OBJ_FRAME, 0, 20, 0), -TSR_EINVAL);
	CHECK_EQ_INT(retype(TSR_OBJ_FRAME, 0, 20, 257), -TSR_EINVAL);
	CHECK_EQ_INT(retype(TSR_OBJ_FRAME, 0, 255, 2), -TSR_ESLOT);
	CHECK_EQ_INT(retype(TSR_OBJ_FRAME, 0, 1000, 1), -TSR_ESLOT);
	CHECK_EQ_INT(retype(TSR_OBJ_FRAME, 0, FX_TCB_SLOT, 1), -TSR_EOCCUPIED);
	CHECK_EQ_INT(retype(TSR_OBJ_LARGE_FRAME, 0, 20, 1), -TSR_ENOMEM);
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_FRAME, 0, FX_TCB_SLOT, 20, 1),
		     -TSR_ECAPTYPE);
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_FRAME, 0, 99, 20, 1), -TSR_EEMPTY);
	CHECK_EQ_INT(FX_INVOKE(U, TSR_CNODE_COPY, 20, CN, 1, 15), -TSR_ECAPTYPE);
	CHECK_EQ_INT(FX_INVOKE(U, 999), -TSR_ENOSYS);
	CHECK_EQ_INT(FX_INVOKE(U, 0), -TSR_ENOSYS);
	CHECK_EQ_INT(FX_INVOKE(77, TSR_UNTYPED_RETYPE), -TSR_EEMPTY);
	CHECK_EQ_INT(FX_INVOKE(1 << FX_CNODE_BITS, TSR_UNTYPED_RETYPE), -TSR_ESLOT);
	for (unsigned i = 11; i < 1u << FX_CNODE_BITS; i++)
		CHECK(cte_empty(fx_slot(i)));
	CHECK_EQ_U64(fx_slot(U)->cap.a, 0);
	CHECK(fx_slot(U)->child == NULL);
}

TEST(memory_is_used_up_then_refused)
{
	fx_setup();
	/* 64 KiB CNodes: sixteen fit in 1 MiB. */
	CHECK_EQ_INT(retype(TSR_OBJ_CNODE, 10, 20, 15), 0);
	CHECK_EQ_INT(retype(TSR_OBJ_CNODE, 10, 40, 2), -TSR_ENOMEM);
	CHECK(cte_empty(fx_slot(40)));
	CHECK_EQ_INT(retype(TSR_OBJ_CNODE, 10, 40, 1), 0);
	CHECK_EQ_INT(retype(TSR_OBJ_ENDPOINT, 0, 41, 1), -TSR_ENOMEM);
}

TEST(device_untyped_holds_only_frames_and_is_not_cleared)
{
	fx_setup();
	fx_slot(U)->cap.flags = CAP_DEVICE;
	CHECK_EQ_INT(retype(TSR_OBJ_TCB, 0, 20, 1), -TSR_ECAPTYPE);
	CHECK_EQ_INT(retype(TSR_OBJ_CNODE, 4, 20, 1), -TSR_ECAPTYPE);
	CHECK_EQ_INT(retype(TSR_OBJ_FRAME, 0, 20, 1), 0);
	CHECK_EQ_INT(((unsigned char *)fx_memory)[100], 0xa5);
	CHECK(fx_slot(20)->cap.flags & CAP_DEVICE);
}

TEST(preempted_retype_resumes_where_it_stopped)
{
	fx_setup();
	uint64_t elr = fx_thread->ctx.elr = 0x1000;
	fake_irq_after = 3; /* an interrupt arrives after three pages */
	long r = retype(TSR_OBJ_FRAME, 0, 20, 16);
	CHECK_EQ_U64(fx_thread->ctx.elr, elr - 4); /* the call will run again */
	CHECK_EQ_U64(r, U);			   /* x0 untouched */
	CHECK(cte_empty(fx_slot(20)));
	CHECK_EQ_U64(fx_slot(U)->cap.b, 3 * 4096); /* progress kept */
	CHECK_EQ_U64(fx_slot(U)->cap.a, 0);
	fake_irq_after = 0;
	CHECK_EQ_INT(retype(TSR_OBJ_FRAME, 0, 20, 16), 0);
	CHECK(!cte_empty(fx_slot(35)));
	CHECK(zero((uint64_t)(uintptr_t)fx_memory, 16 * 4096));
	CHECK_EQ_U64(fx_slot(U)->cap.a, 16 * 4096);
}

TEST(revoke_frees_the_untyped_for_reuse)
{
	fx_setup();
	CHECK_EQ_INT(retype(TSR_OBJ_FRAME, 0, 20, 4), 0);
	memset(fx_memory, 0x5a, 4096); /* a program wrote to its frame */
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_REVOKE, U), 0);
	for (int i = 20; i < 24; i++)
		CHECK(cte_empty(fx_slot(i)));
	CHECK(fx_slot(U)->child == NULL);
	CHECK_EQ_INT(retype(TSR_OBJ_TCB, 0, 30, 1), 0);
	CHECK_EQ_U64(fx_slot(30)->cap.obj, (uint64_t)(uintptr_t)fx_memory); /* reused */
	CHECK(zero((uint64_t)(uintptr_t)fx_memory + 512, 512));		    /* and cleared again */
}

TEST(child_untyped)
{
	fx_setup();
	CHECK_EQ_INT(retype(TSR_OBJ_UNTYPED, 16, 20, 2), 0);
	CHECK_EQ_INT(fx_slot(21)->cap.size_bits, 16);
	CHECK_EQ_U64(fx_slot(21)->cap.b, 1 << 16); /* known zero: the parent cleared it */
	CHECK_EQ_INT(FX_INVOKE(21, TSR_UNTYPED_RETYPE, TSR_OBJ_FRAME, 0, CN, 30, 16), 0);
	CHECK_EQ_INT(FX_INVOKE(21, TSR_UNTYPED_RETYPE, TSR_OBJ_FRAME, 0, CN, 50, 1), -TSR_ENOMEM);
	CHECK_EQ_U64(fx_slot(30)->cap.obj, fx_slot(21)->cap.obj);
	/* An untyped cannot be copied: its memory would have two owners. */
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_COPY, 60, CN, 21, TSR_RIGHTS_ALL), -TSR_ECAPTYPE);
}

TEST(vspaces_get_ids)
{
	fx_setup();
	CHECK_EQ_INT(retype(TSR_OBJ_VSPACE, 0, 20, 3), 0);
	CHECK(vspace_get(fx_slot(20)->cap.a) != NULL);
	CHECK(fx_slot(20)->cap.a != fx_slot(21)->cap.a);
	uint64_t h = fx_slot(22)->cap.a;
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_DELETE, 22), 0);
	CHECK(vspace_get(h) == NULL);
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_REVOKE, U), 0);
}

int main(void) { return check_run(); }
