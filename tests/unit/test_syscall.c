/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of system-call dispatch (kernel/src/syscall.c) on the fake arch. */
#include "kernel_fixture.h"
#include <arch/regs.h>
#include <console.h>
#include <ipc.h>
#include <plat.h>
#include <plat/board.h>

static char *user; /* two pages readable at IPA 0x400000, one more write-only */
static pte_t *host_table(void *ctx)
{
	(void)ctx;
	return fx_alloc(12);
}
static const struct pt_alloc alloc = {host_table, NULL};

#define UBASE 0x400000UL

static void setup(void)
{
	static uint64_t handle;
	fx_setup();
	if (!user) {
		user = fx_alloc(14);
		CHECK_EQ_INT(vspace_create(host_table(NULL), &handle), 0);
		struct vspace *vs = vspace_get(handle);
		CHECK_EQ_INT(vspace_map(vs, ipa_init(UBASE), ptr_to_pa(user), 2 * 4096, VS_R,
					VS_NORMAL, &alloc),
			     0);
		CHECK_EQ_INT(vspace_map(vs, ipa_init(UBASE + 2 * 4096), ptr_to_pa(user + 2 * 4096),
					4096, VS_W, VS_NORMAL, &alloc),
			     0);
	}
	struct cap v = {.type = TSR_OBJ_VSPACE,
			.obj = (uint64_t)(uintptr_t)vspace_get(handle)->root,
			.a = handle};
	cdt_insert(&fx_thread->slot[TCB_VSPACE], &v, NULL);
	memset(user, 'u', 3 * 4096);
	fx_thread->ctx.elr = UBASE;
}

static long call(uint64_t nr, uint64_t a0, uint64_t a1)
{
	uint64_t args[3] = {a0, a1, 0x2222};
	return fx_syscall(nr, args, 3, NULL);
}

#define UART_SLOT 20  /* the console interrupt's handler, as the UART's driver holds it */
#define OTHER_SLOT 21 /* another line's handler */

/* DEBUG_READ with the console interrupt's handler capability in x2. */
static long read_log(uint64_t addr, uint64_t len)
{
	uint64_t args[3] = {addr, len, UART_SLOT};
	return fx_syscall(TSR_SYS_DEBUG_READ, args, 3, NULL);
}

TEST(null_returns_zero_and_keeps_registers)
{
	setup();
	CHECK_EQ_INT(call(TSR_SYS_NULL, 7, 8), 0);
	CHECK_EQ_U64(fx_thread->ctx.x[1], 8);
	CHECK_EQ_U64(fx_thread->ctx.x[2], 0x2222);
	CHECK_EQ_U64(fx_thread->ctx.elr, UBASE);
}

TEST(unknown_numbers)
{
	setup();
	uint64_t bad[] = {TSR_SYS_COUNT, 4096, UINT64_MAX, 1ULL << 32};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_EQ_INT(call(bad[i], 0, 0), -TSR_ENOSYS);
	CHECK_EQ_INT(fx_thread->state, THREAD_RUNNABLE);
	CHECK_EQ_INT(fake_console_len, 0);
}

TEST(debug_write_prints_exactly_the_buffer)
{
	setup();
	memcpy(user + 10, "hello\n", 6);
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_WRITE, UBASE + 10, 6), 6);
	CHECK_EQ_STR(fake_console, "hello\r\n");
}

TEST(debug_write_across_a_page_boundary)
{
	setup();
	memcpy(user + 4096 - 3, "abcdef", 6);
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_WRITE, UBASE + 4096 - 3, 6), 6);
	CHECK_EQ_STR(fake_console, "abcdef");
}

TEST(debug_write_errors_write_nothing)
{
	setup();
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_WRITE, 0x10, 4), -TSR_EFAULT);
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_WRITE, UBASE + 2 * 4096 - 2, 4), -TSR_EFAULT);
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_WRITE, UBASE + 2 * 4096, 1), -TSR_EFAULT);
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_WRITE, UINT64_MAX - 2, 8), -TSR_EFAULT);
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_WRITE, UBASE, TSR_DEBUG_WRITE_MAX + 1), -TSR_EINVAL);
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_WRITE, UBASE, UINT64_MAX), -TSR_EINVAL);
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_WRITE, 0x10, 0), 0);
	CHECK_EQ_INT(fake_console_len, 0);
	CHECK_EQ_INT(fx_thread->state, THREAD_RUNNABLE);
}

TEST(debug_write_maximum_length)
{
	setup();
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_WRITE, UBASE + 1, TSR_DEBUG_WRITE_MAX),
		     TSR_DEBUG_WRITE_MAX);
	CHECK_EQ_INT(fake_console_len, TSR_DEBUG_WRITE_MAX);
}

TEST(exit_stops_the_thread_and_idles)
{
	setup();
	if (!setjmp(fake_stop_jump))
		call(TSR_SYS_EXIT, (uint64_t)-3, 0);
	CHECK_EQ_INT(fake_stop, FAKE_IDLE);
	CHECK_EQ_INT(fx_thread->state, THREAD_SUSPENDED);
	CHECK(strstr(fake_console, "stopped: exited with status -3") != NULL);
	CHECK(strstr(fake_console, "no runnable threads, idle") != NULL);
}

TEST(shutdown_passes_the_status)
{
	setup();
	plat_semihosting = true; /* under a test harness */
	if (!setjmp(fake_stop_jump))
		call(TSR_SYS_DEBUG_SHUTDOWN, 5, 0);
	CHECK_EQ_INT(fake_stop, FAKE_POWEROFF);
	CHECK_EQ_INT(fake_poweroff_status, 5);
}

TEST(shutdown_is_refused_outside_a_test_harness)
{
	setup();
	plat_semihosting = false;
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_SHUTDOWN, 5, 0), -TSR_ENOSYS);
}

TEST(schedule_runs_the_runnable_thread_in_its_space)
{
	setup();
	CHECK(schedule() == &fx_thread->ctx);
	CHECK_EQ_U64(fx_thread->ctx.spsr, SPSR_EL0T);
	CHECK(fake_vttbr_root == (uint64_t)(uintptr_t)thread_vspace(fx_thread)->root);
	CHECK(thread_vspace(fx_thread)->vmid != 0);
}

/* What a switch leaves behind, compared between the fast path and schedule(). */
struct after_switch {
	struct frame *f;
	struct thread *current, *handoff;
	struct vspace *active;
	uint64_t cur_slice, next_slice, slice_end, dispatched, deadline, timer, vttbr;
	uint64_t queued; /* bit 0: the fixture's thread; bit 1: the other */
};

/* From the same state (the fixture's thread runs at 100 with 600 ticks of its slice left,
 * `next` was just made ready at `prio`), either queued and schedule() or, as a signal
 * collects it (percpu.collect), schedule_woken(next). */
static struct after_switch woken(struct thread *next, unsigned prio, uint64_t kept, bool fast)
{
	struct percpu *cpu = this_cpu();
	cpu->current = fx_thread;
	cpu->slice_end = 1000;
	cpu->dispatched = 100;
	fake_time = 400;
	next->rq.prio = (uint8_t)prio;
	next->slice = kept;
	if (!fast)
		rq_enqueue(&cpu->rq, &next->rq);
	struct after_switch a = {.f = fast ? schedule_woken(next) : schedule()};
	a.current = cpu->current;
	a.handoff = cpu->handoff;
	a.active = cpu->active;
	a.cur_slice = fx_thread->slice;
	a.next_slice = next->slice;
	a.slice_end = cpu->slice_end;
	a.dispatched = cpu->dispatched;
	a.deadline = cpu->deadline;
	a.timer = fake_timer;
	a.vttbr = fake_vttbr_root;
	a.queued = (fx_thread->rq.queued ? 1 : 0) | (next->rq.queued ? 2 : 0);
	rq_dequeue(&cpu->rq, &next->rq); /* as it was */
	rq_dequeue(&cpu->rq, &fx_thread->rq);
	cpu->current = fx_thread;
	fx_thread->slice = 0;
	cpu->deadline = UINT64_MAX;
	fake_timer = UINT64_MAX;
	return a;
}

/* The direct switch on a wake-up (kernel/src/fastpath.c) leaves the scheduler exactly as
 * schedule() does: a thread above the running one (with a whole slice, or the rest of
 * one), and one at its priority (no switch; schedule() decides, a slice timer set). */
TEST(a_woken_thread_runs_as_schedule_would_run_it)
{
	setup();
	schedule(); /* the fixture's space gets its VMID */
	static struct thread next;
	thread_init(&next);
	next.state = THREAD_RUNNABLE;
	cdt_insert(&next.slot[TCB_VSPACE], &fx_thread->slot[TCB_VSPACE].cap,
		   &fx_thread->slot[TCB_VSPACE]);
	static const struct {
		unsigned prio;
		uint64_t kept;
		struct thread *runs;
	} cases[] = {{150, 0, &next}, {150, 77, &next}, {100, 0, NULL}};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct after_switch g = woken(&next, cases[i].prio, cases[i].kept, false);
		struct after_switch w = woken(&next, cases[i].prio, cases[i].kept, true);
		struct thread *runs = cases[i].runs ? cases[i].runs : fx_thread;
		CHECK(g.f == &runs->ctx);
		CHECK_EQ_INT(g.queued, runs == fx_thread ? 2 : 1); /* the one not running */
		CHECK(memcmp(&g, &w, sizeof(g)) == 0);
	}
	CHECK_EQ_U64(woken(&next, 150, 0, true).cur_slice, 600); /* the rest of its slice */
}

/* A thread with a budget that moves itself to another CPU is charged for its time on
 * this one up to the move (else moving itself often would run it past its budget). */
TEST(a_thread_moving_itself_is_charged_until_the_move)
{
	setup();
	static struct sched_context sc;
	sc_configure(&sc, 1000, 10000, 0);
	fx_thread->sc = &sc;
	this_cpu()->dispatched = 100;
	fake_time = 500;
	scheduler_move(fx_thread, 1);
	CHECK(this_cpu()->current == NULL);
	CHECK_EQ_U64(sc_available(&sc, 500), 600);
	CHECK_EQ_INT(fx_thread->rq.cpu, 1);
	scheduler_move(fx_thread, 0); /* back, as the other tests expect it */
	fx_thread->sc = NULL;
}

TEST(debug_read_returns_the_log_once_a_driver_owns_the_console)
{
	setup();
	char *page = user + 2 * 4096; /* mapped write-only at UBASE + 8 KiB */
	struct cap irq = {.type = TSR_OBJ_IRQ_HANDLER, .obj = PLAT_UART_IRQ};
	cdt_insert(&fx_cnode[UART_SLOT], &irq, NULL);
	irq.obj = PLAT_UART_IRQ + 1;
	cdt_insert(&fx_cnode[OTHER_SLOT], &irq, NULL);
	/* Only with the console interrupt's handler: the UART's driver. */
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_READ, UBASE + 2 * 4096, 16), -TSR_ESLOT);
	uint64_t args[3] = {UBASE + 2 * 4096, 16, FX_TCB_SLOT};
	CHECK_EQ_INT(fx_syscall(TSR_SYS_DEBUG_READ, args, 3, NULL), -TSR_ECAPTYPE);
	args[2] = OTHER_SLOT;
	CHECK_EQ_INT(fx_syscall(TSR_SYS_DEBUG_READ, args, 3, NULL), -TSR_ERIGHTS);
	args[2] = 0;
	CHECK_EQ_INT(fx_syscall(TSR_SYS_DEBUG_READ, args, 3, NULL), -TSR_EEMPTY);
	CHECK_EQ_INT(read_log(UBASE + 2 * 4096, 16), 0); /* nothing logged */
	console_take(true);
	memcpy(user + 100, "logged\n", 7);
	CHECK_EQ_INT(call(TSR_SYS_DEBUG_WRITE, UBASE + 100, 7), 7);
	CHECK_EQ_INT(fake_console_len, 0);	       /* not on the device */
	CHECK_EQ_INT(read_log(UBASE, 4), -TSR_EFAULT); /* read-only page */
	CHECK_EQ_INT(read_log(UBASE + 2 * 4096, TSR_DEBUG_WRITE_MAX + 1), -TSR_EINVAL);
	CHECK_EQ_INT(read_log(UBASE + 3 * 4096 - 3, 16), -TSR_EFAULT);
	CHECK_EQ_INT(read_log(UBASE + 2 * 4096 + 10, 4), 4);
	CHECK(memcmp(page + 10, "logg", 4) == 0);
	CHECK_EQ_INT(read_log(UBASE + 2 * 4096 + 100, 16), 3);
	CHECK(memcmp(page + 100, "ed\n", 3) == 0);
	memcpy(user + 100, "left\n", 5);
	call(TSR_SYS_DEBUG_WRITE, UBASE + 100, 5);
	console_take(false); /* what was not read goes to the device */
	CHECK_EQ_STR(fake_console, "left\r\n");
}

int main(void) { return check_run(); }
