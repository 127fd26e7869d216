/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of system-call dispatch (kernel/src/syscall.c, thread.c) on the fake arch. */
#include "check.h"
#include <arch/regs.h>
#include <fake.h>
#include <stdint.h>
#include <syscall.h>
#include <tessera/abi.h>
#include <thread.h>

static pte_t *host_table(void *ctx)
{
	(void)ctx;
	pte_t *t = aligned_alloc(4096, 4096); /* freed with the process: tests are short */
	memset(t, 0, 4096);
	return t;
}

static const struct pt_alloc alloc = {host_table, NULL};
static struct vspace vs;
static struct thread thread;
static char *user; /* two pages readable at IPA 0x400000, one more unreadable */

#define UBASE 0x400000UL

static void setup(void)
{
	fake_reset();
	if (!user) {
		user = aligned_alloc(4096, 3 * 4096);
		CHECK_EQ_INT(vspace_init(&vs, 1, &alloc), 0);
		CHECK_EQ_INT(vspace_map(&vs, ipa_init(UBASE), ptr_to_pa(user), 2 * 4096, VS_R,
					VS_NORMAL, &alloc),
			     0);
		CHECK_EQ_INT(vspace_map(&vs, ipa_init(UBASE + 2 * 4096), ptr_to_pa(user + 2 * 4096),
					4096, VS_W, VS_NORMAL, &alloc),
			     0);
	}
	memset(user, 'u', 3 * 4096);
	thread_init(&thread, "test", &vs, UBASE, 0x40000000);
	this_cpu()->current = &thread;
}

static struct frame *call(uint64_t nr, uint64_t a0, uint64_t a1)
{
	thread.ctx.x[8] = nr;
	thread.ctx.x[0] = a0;
	thread.ctx.x[1] = a1;
	thread.ctx.x[2] = 0x2222; /* must survive */
	return syscall_dispatch(&thread.ctx);
}

#define RESULT() ((int64_t)thread.ctx.x[0])

TEST(null_returns_zero_and_keeps_registers)
{
	setup();
	CHECK(call(TSR_SYS_NULL, 7, 8) == &thread.ctx);
	CHECK_EQ_INT(RESULT(), 0);
	CHECK_EQ_U64(thread.ctx.x[1], 8);
	CHECK_EQ_U64(thread.ctx.x[2], 0x2222);
	CHECK_EQ_U64(thread.ctx.elr, UBASE);
}

TEST(unknown_numbers)
{
	setup();
	uint64_t bad[] = {TSR_SYS_COUNT, 4096, UINT64_MAX, 1ULL << 32};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(call(bad[i], 0, 0) == &thread.ctx);
		CHECK_EQ_INT(RESULT(), -TSR_ENOSYS);
	}
	CHECK_EQ_INT(thread.state, THREAD_RUNNABLE);
	CHECK_EQ_INT(fake_console_len, 0);
}

TEST(debug_write_prints_exactly_the_buffer)
{
	setup();
	memcpy(user + 10, "hello\n", 6);
	call(TSR_SYS_DEBUG_WRITE, UBASE + 10, 6);
	CHECK_EQ_INT(RESULT(), 6);
	CHECK_EQ_STR(fake_console, "hello\r\n");
}

TEST(debug_write_across_a_page_boundary)
{
	setup();
	memcpy(user + 4096 - 3, "abcdef", 6);
	call(TSR_SYS_DEBUG_WRITE, UBASE + 4096 - 3, 6);
	CHECK_EQ_INT(RESULT(), 6);
	CHECK_EQ_STR(fake_console, "abcdef");
}

TEST(debug_write_errors_write_nothing)
{
	setup();
	call(TSR_SYS_DEBUG_WRITE, 0x10, 4); /* unmapped */
	CHECK_EQ_INT(RESULT(), -TSR_EFAULT);
	call(TSR_SYS_DEBUG_WRITE, UBASE + 2 * 4096 - 2, 4); /* runs into a write-only page */
	CHECK_EQ_INT(RESULT(), -TSR_EFAULT);
	call(TSR_SYS_DEBUG_WRITE, UBASE + 2 * 4096, 1); /* not readable */
	CHECK_EQ_INT(RESULT(), -TSR_EFAULT);
	call(TSR_SYS_DEBUG_WRITE, UINT64_MAX - 2, 8); /* wraps */
	CHECK_EQ_INT(RESULT(), -TSR_EFAULT);
	call(TSR_SYS_DEBUG_WRITE, UBASE, TSR_DEBUG_WRITE_MAX + 1);
	CHECK_EQ_INT(RESULT(), -TSR_EINVAL);
	call(TSR_SYS_DEBUG_WRITE, UBASE, UINT64_MAX);
	CHECK_EQ_INT(RESULT(), -TSR_EINVAL);
	call(TSR_SYS_DEBUG_WRITE, 0x10, 0);
	CHECK_EQ_INT(RESULT(), 0);
	CHECK_EQ_INT(fake_console_len, 0);
	CHECK_EQ_INT(thread.state, THREAD_RUNNABLE);
}

TEST(debug_write_maximum_length)
{
	setup();
	call(TSR_SYS_DEBUG_WRITE, UBASE + 1, TSR_DEBUG_WRITE_MAX);
	CHECK_EQ_INT(RESULT(), TSR_DEBUG_WRITE_MAX);
	CHECK_EQ_INT(fake_console_len, TSR_DEBUG_WRITE_MAX);
}

TEST(exit_stops_the_thread_and_idles)
{
	setup();
	if (!setjmp(fake_stop_jump))
		call(TSR_SYS_EXIT, (uint64_t)-3, 0);
	CHECK_EQ_INT(fake_stop, FAKE_IDLE);
	CHECK_EQ_INT(thread.state, THREAD_STOPPED);
	CHECK(strstr(fake_console, "thread 'test' stopped: exited with status -3") != NULL);
	CHECK(strstr(fake_console, "no runnable threads, idle") != NULL);
}

TEST(shutdown_passes_the_status)
{
	setup();
	if (!setjmp(fake_stop_jump))
		call(TSR_SYS_DEBUG_SHUTDOWN, 5, 0);
	CHECK_EQ_INT(fake_stop, FAKE_POWEROFF);
	CHECK_EQ_INT(fake_poweroff_status, 5);
}

TEST(schedule_runs_a_runnable_thread)
{
	setup();
	CHECK(schedule() == &thread.ctx);
	CHECK_EQ_U64(thread.ctx.spsr, SPSR_EL0T);
	CHECK_EQ_U64(thread.ctx.sp, 0x40000000);
}

int main(void) { return check_run(); }
