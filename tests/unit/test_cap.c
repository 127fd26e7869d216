/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the derivation tree and CNode operations (kernel/src/cap.c, cnode.c). */
#include "kernel_fixture.h"

#define U FX_UNTYPED_SLOT
#define CN FX_CNODE_SLOT

static struct cap ep(uint64_t obj) { return (struct cap){.type = TSR_OBJ_ENDPOINT, .obj = obj}; }

TEST(tree_insert_remove_keeps_children_in_place)
{
	static struct cte s[6];
	memset(s, 0, sizeof(s));
	struct cap a = ep(0x1000), b = ep(0x2000);
	cdt_insert(&s[0], &(struct cap){.type = TSR_OBJ_UNTYPED, .size_bits = 20}, NULL);
	cdt_insert(&s[1], &a, &s[0]); /* object a */
	cdt_insert(&s[2], &b, &s[0]); /* object b */
	cdt_insert(&s[3], &a, &s[1]); /* copies of a */
	cdt_insert(&s[4], &a, &s[1]);
	CHECK(cdt_is_final(&s[2]));
	CHECK(!cdt_is_final(&s[1]));
	CHECK(!cdt_is_final(&s[3]));
	/* Removing a's first capability: its copies move up, next to each other. */
	CHECK(!cdt_remove(&s[1]));
	CHECK(cte_empty(&s[1]));
	CHECK(s[3].parent == &s[0] && s[4].parent == &s[0]);
	CHECK(!cdt_is_final(&s[3]));
	CHECK(!cdt_remove(&s[3]));
	CHECK(cdt_is_final(&s[4]));
	CHECK(cdt_remove(&s[4])); /* the last one */
	CHECK(s[0].child == &s[2] && !s[2].next && !s[2].prev);
	/* Move keeps the place. */
	cdt_insert(&s[3], &b, &s[2]);
	cdt_move(&s[5], &s[2]);
	CHECK(cte_empty(&s[2]));
	CHECK(s[0].child == &s[5] && s[3].parent == &s[5]);
	CHECK(cdt_leaf_descendant(&s[0]) == &s[3]);
}

static long copy(unsigned dst, unsigned src, unsigned rights)
{
	return FX_INVOKE(CN, TSR_CNODE_COPY, dst, CN, src, rights);
}

TEST(copy_mint_move_mutate)
{
	fx_setup();
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_ENDPOINT, 0, CN, 20, 2), 0);
	CHECK_EQ_INT(copy(30, 20, TSR_R), 0);
	CHECK_EQ_INT(fx_slot(30)->cap.rights, TSR_R);
	CHECK(fx_slot(30)->parent == fx_slot(20));
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_MINT, 31, CN, 20, TSR_RIGHTS_ALL, 5), 0);
	CHECK_EQ_U64(fx_slot(31)->cap.a, 5);
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_MINT, 32, CN, 31, TSR_RIGHTS_ALL, 6), -TSR_EEXISTS);
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_MOVE, 40, CN, 21), 0);
	CHECK(cte_empty(fx_slot(21)));
	CHECK(fx_slot(40)->parent == fx_slot(U));
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_MUTATE, 41, CN, 40, TSR_W, 9), 0);
	CHECK_EQ_INT(fx_slot(41)->cap.rights, TSR_W);
	CHECK_EQ_U64(fx_slot(41)->cap.a, 9);
	CHECK(cte_empty(fx_slot(40)));
}

TEST(bad_cnode_operations)
{
	fx_setup();
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_FRAME, 0, CN, 20, 1), 0);
	CHECK_EQ_INT(copy(20, FX_TCB_SLOT, TSR_RIGHTS_ALL), -TSR_EOCCUPIED);
	CHECK_EQ_INT(copy(21, 99, TSR_RIGHTS_ALL), -TSR_EEMPTY);
	CHECK_EQ_INT(copy(1000, 20, TSR_RIGHTS_ALL), -TSR_ESLOT);
	CHECK_EQ_INT(copy(21, 1000, TSR_RIGHTS_ALL), -TSR_ESLOT);
	CHECK_EQ_INT(copy(21, 20, 16), -TSR_EINVAL);
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_COPY, 21, 20, 20, 15), -TSR_ECAPTYPE);
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_MINT, 21, CN, 20, 15, 7), -TSR_ECAPTYPE);
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_REVOKE, 99), -TSR_EEMPTY);
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_DELETE, 99), 0); /* deleting nothing is fine */
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_DELETE, 4096), -TSR_ESLOT);
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_TCB_RESUME), -TSR_ECAPTYPE);
	CHECK(cte_empty(fx_slot(21)));
}

TEST(revoke_removes_every_derived_capability)
{
	fx_setup();
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_ENDPOINT, 0, CN, 20, 2), 0);
	CHECK_EQ_INT(copy(30, 20, TSR_RIGHTS_ALL), 0);
	CHECK_EQ_INT(copy(31, 30, TSR_RIGHTS_ALL), 0);
	CHECK_EQ_INT(copy(32, 31, TSR_RIGHTS_ALL), 0);
	CHECK_EQ_INT(copy(33, 21, TSR_RIGHTS_ALL), 0);
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_REVOKE, 20), 0);
	CHECK(!cte_empty(fx_slot(20)));
	CHECK(cte_empty(fx_slot(30)) && cte_empty(fx_slot(31)) && cte_empty(fx_slot(32)));
	CHECK(!cte_empty(fx_slot(33)) && !cte_empty(fx_slot(21)));
}

TEST(revoke_is_preemptible_and_resumes)
{
	fx_setup();
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_ENDPOINT, 0, CN, 20, 1), 0);
	for (unsigned i = 30; i < 130; i++)
		CHECK_EQ_INT(copy(i, 20, TSR_RIGHTS_ALL), 0);
	int rounds = FX_INVOKE_PREEMPTED(10, CN, TSR_CNODE_REVOKE, 20);
	CHECK_EQ_INT(fx_thread->ctx.x[0], 0);
	CHECK(rounds >= 10); /* a hundred deletions, at most ten between interrupts */
	for (unsigned i = 30; i < 130; i++)
		CHECK(cte_empty(fx_slot(i)));
	CHECK(fx_slot(20)->child == NULL);
}

TEST(deleting_the_last_cnode_capability_empties_it_iteratively)
{
	fx_setup();
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_ENDPOINT, 0, CN, 20, 1), 0);
	/* Three CNodes nested: 40 holds 41's only capability, 41 holds 42's. */
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_CNODE, 4, CN, 40, 3), 0);
	CHECK_EQ_INT(FX_INVOKE(40, TSR_CNODE_COPY, 3, CN, 20, TSR_RIGHTS_ALL), 0);
	CHECK_EQ_INT(FX_INVOKE(42, TSR_CNODE_COPY, 5, CN, 20, TSR_RIGHTS_ALL), 0);
	CHECK_EQ_INT(FX_INVOKE(41, TSR_CNODE_MOVE, 7, CN, 42), 0);
	CHECK_EQ_INT(FX_INVOKE(40, TSR_CNODE_MOVE, 9, CN, 41), 0);
	CHECK(fx_slot(20)->child != NULL);
	CHECK(FX_INVOKE_PREEMPTED(2, CN, TSR_CNODE_DELETE, 40) > 1);
	CHECK(cte_empty(fx_slot(40)));
	CHECK(fx_slot(20)->child == NULL); /* both copies inside went */
	CHECK(fx_slot(U)->child != NULL);  /* the endpoint stays */
}

TEST(deleting_a_thread_takes_it_off_the_cpu)
{
	fx_setup();
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_TCB, 0, CN, 20, 1), 0);
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_VSPACE, 0, CN, 21, 1), 0);
	CHECK_EQ_INT(FX_INVOKE(20, TSR_TCB_RESUME), -TSR_ESTATE); /* not configured */
	CHECK_EQ_INT(FX_INVOKE(20, TSR_TCB_CONFIGURE, CN, 21, 0, 0, 0), 0);
	CHECK_EQ_INT(FX_INVOKE(20, TSR_TCB_SET_PRIORITY, FX_TCB_SLOT, 250), -TSR_EPRIORITY);
	CHECK_EQ_INT(FX_INVOKE(20, TSR_TCB_SET_PRIORITY, FX_TCB_SLOT, 90), 0);
	CHECK_EQ_INT(FX_INVOKE(20, TSR_TCB_RESUME), 0);
	struct thread *t = (struct thread *)(uintptr_t)fx_slot(20)->cap.obj;
	CHECK(t->rq.queued);
	CHECK_EQ_INT(FX_INVOKE(20, TSR_TCB_WRITE_REGISTER, 0, 1), -TSR_ESTATE);
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_DELETE, 21), 0); /* the thread holds a copy */
	CHECK(thread_vspace(t) != NULL);
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_DELETE, 20), 0);
	CHECK(!t->rq.queued);
	CHECK(fx_slot(U)->child == NULL || fx_slot(U)->child->cap.type != TSR_OBJ_VSPACE);
}

TEST(a_thread_holding_the_last_cnode_capability_is_emptied_too)
{
	fx_setup();
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_ENDPOINT, 0, CN, 20, 1), 0);
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_TCB, 0, CN, 21, 1), 0);
	CHECK_EQ_INT(FX_INVOKE(U, TSR_UNTYPED_RETYPE, TSR_OBJ_CNODE, 3, CN, 22, 1), 0);
	CHECK_EQ_INT(FX_INVOKE(22, TSR_CNODE_COPY, 1, CN, 20, TSR_RIGHTS_ALL), 0);
	CHECK_EQ_INT(FX_INVOKE(21, TSR_TCB_CONFIGURE, 22, 0, 0, 0, 20), 0);
	CHECK_EQ_INT(FX_INVOKE(CN, TSR_CNODE_DELETE, 22), 0); /* the thread's copy is the last */
	struct thread *t = (struct thread *)(uintptr_t)fx_slot(21)->cap.obj;
	CHECK_EQ_INT(t->slot[TCB_CSPACE].cap.type, TSR_OBJ_CNODE);
	CHECK(FX_INVOKE_PREEMPTED(1, CN, TSR_CNODE_DELETE, 21) > 1);
	CHECK(cte_empty(fx_slot(21)));
	CHECK(fx_slot(20)->child == NULL); /* the endpoint copies in the thread and CNode went */
	CHECK(fx_slot(U)->child == fx_slot(20) && !fx_slot(20)->next && !fx_slot(20)->prev);
}

int main(void) { return check_run(); }
