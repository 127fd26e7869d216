/* SPDX-License-Identifier: BSD-2-Clause */
/* Bad system calls get their error code, change nothing, and the program goes on. */
#include "utest.h"
#include <tessera/object.h>

static const char message[] = "syscall_errors: still running\n";
static char page_end_buffer[8192] __attribute__((aligned(4096)));

int main(void)
{
	/* Unknown numbers, small and huge. */
	CHECK_EQ(tsr_syscall2(TSR_SYS_COUNT, 0, 0), -TSR_ENOSYS);
	CHECK_EQ(tsr_syscall2(4096, 0, 0), -TSR_ENOSYS);
	CHECK_EQ(tsr_syscall2(-1L, 0, 0), -TSR_ENOSYS);

	/* The null call works, and registers other than x0 survive system calls. */
	CHECK_EQ(tsr_null(), 0);

	/* debug_write: bad addresses and lengths. */
	CHECK_EQ(tsr_debug_write((const void *)0x10, 4), -TSR_EFAULT);	     /* unmapped */
	CHECK_EQ(tsr_debug_write((const void *)0x7ffff000, 4), -TSR_EFAULT); /* unmapped */
	CHECK_EQ(tsr_debug_write((const void *)-8L, 16), -TSR_EFAULT);	     /* wraps */
	CHECK_EQ(tsr_debug_write(message, TSR_DEBUG_WRITE_MAX + 1), -TSR_EINVAL);
	CHECK_EQ(tsr_debug_write(message, 0), 0);
	/* A buffer that runs off the end of the stack into unmapped memory fails whole. */
	CHECK_EQ(tsr_debug_write((const char *)TSR_STACK_TOP - 4, 8), -TSR_EFAULT);
	/* A buffer across a page boundary, in mapped memory, is written whole. */
	memcpy(page_end_buffer + 4096 - 5, "cross", 5);
	memcpy(page_end_buffer + 4096, " page\n", 6);
	CHECK_EQ(tsr_debug_write(page_end_buffer + 4096 - 5, 11), 11);
	/* Read-only data may be written out. */
	CHECK_EQ(tsr_debug_write(message, sizeof(message) - 1), (long)sizeof(message) - 1);
	/* Control characters (escape sequences, carriage returns) are shown as '?'. */
	CHECK_EQ(tsr_debug_write("esc\x1b[2J cr\r nul\0 tab\t.\n", 23), 23);

	/* debug_read: only for the holder of the UART interrupt's handler (its driver), and
	 * the same checks as debug_write, before anything is written. */
	char buf[64];
	/* BOARD_UART_IRQ: the board's UART (tests/qemu/boards); the line after it is another. */
	const unsigned long uart = 100, other = 101; /* free slots of the root task's CNode */
	const unsigned irq = BOARD_UART_IRQ;
	CHECK_EQ(tsr_debug_read(buf, sizeof(buf), uart), -TSR_EEMPTY);
	CHECK_EQ(tsr_irq_control_get(TSR_SLOT_IRQ_CONTROL, irq, TSR_SLOT_CNODE, uart), 0);
	CHECK_EQ(tsr_irq_control_get(TSR_SLOT_IRQ_CONTROL, irq + 1, TSR_SLOT_CNODE, other), 0);
	CHECK_EQ(tsr_debug_read(buf, sizeof(buf), TSR_SLOT_TCB), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_debug_read(buf, sizeof(buf), other), -TSR_ERIGHTS);
	CHECK_EQ(tsr_debug_read((void *)0xfffffffffffffff0UL, 0x20, uart), -TSR_EFAULT); /* wraps */
	CHECK_EQ(tsr_debug_read((void *)-8L, 16, uart), -TSR_EFAULT);
	CHECK_EQ(tsr_debug_read((void *)0x10, 4, uart), -TSR_EFAULT);
	CHECK_EQ(tsr_debug_read((void *)message, 4, uart), -TSR_EFAULT); /* read-only */
	CHECK_EQ(tsr_debug_read((char *)TSR_STACK_TOP - 4, 8, uart), -TSR_EFAULT);
	CHECK_EQ(tsr_debug_read(buf, TSR_DEBUG_WRITE_MAX + 1, uart), -TSR_EINVAL);
	CHECK_EQ(tsr_debug_read(buf, sizeof(buf), uart), 0); /* the UART not handed over: no log */

	utest_finish();
}
