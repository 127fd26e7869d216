/* SPDX-License-Identifier: BSD-2-Clause */
/* System calls: check every argument, then act; a bad call only returns an error. */
#include <console.h>
#include <esr.h>
#include <fmt.h>
#include <ipc.h>
#include <object.h>
#include <plat.h>
#include <plat/board.h>
#include <syscall.h>
#include <tessera/abi.h>
#include <thread.h>

static long debug_write(struct thread *t, uint64_t addr, uint64_t len)
{
	const struct vspace *vs = thread_vspace(t);
	if (len > TSR_DEBUG_WRITE_MAX)
		return -TSR_EINVAL;
	if (!vspace_range(vs, addr, len, VS_R)) /* the whole buffer, before any of it */
		return -TSR_EFAULT;
	for (uint64_t done = 0, n; done < len; done += n) {
		const char *piece = vspace_piece(vs, addr + done, len - done, VS_R, &n);
		console_write_text(piece, n);
	}
	return (long)len;
}

static struct frame *sys_null(struct frame *f)
{
	FRAME_RET(f) = 0;
	return f;
}

static struct frame *sys_write(struct frame *f)
{
	FRAME_RET(f) = (uint64_t)debug_write(thread_current(), FRAME_ARG(f, 0), FRAME_ARG(f, 1));
	return f;
}

/* The kernel's log into the caller's buffer (checked whole first), for the holder of
 * the console interrupt's handler capability (x2): the UART's driver, and nobody else. */
static long read_check(uint64_t addr, uint64_t len, uint64_t handler)
{
	long err = 0;
	const struct cte *h = cspace_lookup(handler, &err);
	if (len > TSR_DEBUG_WRITE_MAX)
		return -TSR_EINVAL;
	if (!h)
		return err;
	if (h->cap.type != TSR_OBJ_IRQ_HANDLER)
		return -TSR_ECAPTYPE;
	if (h->cap.obj != PLAT_UART_IRQ)
		return -TSR_ERIGHTS;
	return vspace_range(thread_vspace(thread_current()), addr, len, VS_W) ? 0 : -TSR_EFAULT;
}

static struct frame *sys_read(struct frame *f)
{
	const struct vspace *vs = thread_vspace(thread_current());
	uint64_t addr = FRAME_ARG(f, 0), len = FRAME_ARG(f, 1), done = 0, n;
	long err = read_check(addr, len, f->x[2]);
	if (err) {
		FRAME_RET(f) = (uint64_t)err;
		return f;
	}
	while (done < len) {
		char *piece = vspace_piece(vs, addr + done, len - done, VS_W, &n);
		size_t got = console_read(piece, n);
		done += got;
		if (got < n)
			break; /* the log is empty */
	}
	FRAME_RET(f) = done;
	return f;
}

static struct frame *sys_exit(struct frame *f)
{
	char why[48];
	fmt_snprintf(why, sizeof(why), "exited with status %d", (int)FRAME_ARG(f, 0));
	thread_stop(thread_current(), why);
	return schedule();
}

/* Only under a test harness (the command line's "semihosting"): no thread of a deployed
 * system may power it off. */
static struct frame *sys_shutdown(struct frame *f)
{
	if (!plat_semihosting) {
		FRAME_RET(f) = (uint64_t)-TSR_ENOSYS;
		return f;
	}
	console_take(false); /* the last words, and what the UART's driver did not print */
	kprintf("tessera: shutdown requested by '%s', status %d\n", thread_current()->name,
		(int)FRAME_ARG(f, 0));
	plat_poweroff((int)FRAME_ARG(f, 0));
}

static struct frame *sys_yield(struct frame *f)
{
	FRAME_RET(f) = 0;
	return scheduler_yield() ? schedule() : f;
}

/* An unknown number: a fault message when the thread has a handler, else an error. */
static struct frame *unknown(struct frame *f)
{
	struct thread *t = thread_current();
	if (t->slot[TCB_FAULT_EP].cap.type == TSR_OBJ_ENDPOINT)
		return fault_raise(t, TSR_FAULT_SYSCALL, ESR_SVC64, f->elr - 4, FRAME_SYSNR(f));
	FRAME_RET(f) = (uint64_t)-TSR_ENOSYS;
	return f;
}

_Static_assert(TSR_SYS_COUNT == SYSCALL_COUNT, "a call for every number: update the table");
const syscall_fn syscall_table[SYSCALL_COUNT] = {
    [TSR_SYS_NULL] = sys_null,
    [TSR_SYS_DEBUG_WRITE] = sys_write,
    [TSR_SYS_EXIT] = sys_exit,
    [TSR_SYS_DEBUG_SHUTDOWN] = sys_shutdown,
    [TSR_SYS_YIELD] = sys_yield,
    [TSR_SYS_INVOKE] = sys_invoke,
    [TSR_SYS_SEND] = sys_send,
    [TSR_SYS_NBSEND] = sys_nbsend,
    [TSR_SYS_CALL] = sys_call,
    [TSR_SYS_RECV] = sys_recv,
    [TSR_SYS_NBRECV] = sys_nbrecv,
    [TSR_SYS_REPLY] = sys_reply,
    [TSR_SYS_REPLY_RECV] = sys_reply_recv,
    [TSR_SYS_SIGNAL] = sys_signal,
    [TSR_SYS_WAIT] = sys_wait,
    [TSR_SYS_POLL] = sys_poll,
    [TSR_SYS_DEBUG_READ] = sys_read,
    [TSR_SYS_WAIT_PERIOD] = sys_wait_period,
};

struct frame *syscall_dispatch(struct frame *f)
{
	uint64_t nr = FRAME_SYSNR(f);
	if (nr < TSR_SYS_COUNT) /* every number below the count has a call */
		return syscall_table[nr](f);
	return unknown(f);
}
