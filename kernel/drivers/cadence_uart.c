/* SPDX-License-Identifier: BSD-2-Clause */
/* Cadence UART (ZynqMP): the kernel's polled console (user-level drivers own it later). */
#include <arch/mmio.h>
#include <plat.h>
#include <plat/board.h>

#define UART_CR 0x00
#define UART_MR 0x04
#define UART_IDR 0x0c
#define UART_SR 0x2c
#define UART_FIFO 0x30

#define CR_RXRES (1U << 0)
#define CR_TXRES (1U << 1)
#define CR_RXEN (1U << 2)
#define CR_TXEN (1U << 4)
#define MR_8N1 (4U << 3) /* 8 data bits, no parity, 1 stop bit, normal mode */
#define IDR_ALL 0x1fffU
#define SR_TXFULL (1U << 4)

/* Baud rate is left as firmware set it: QEMU ignores it, the board's boot loader sets it. */
void uart_init(void)
{
	mmio_write32(PLAT_UART_BASE + UART_IDR, IDR_ALL);
	mmio_write32(PLAT_UART_BASE + UART_MR, MR_8N1);
	mmio_write32(PLAT_UART_BASE + UART_CR, CR_TXRES | CR_RXRES | CR_TXEN | CR_RXEN);
}

void uart_putc(char c)
{
	while (mmio_read32(PLAT_UART_BASE + UART_SR) & SR_TXFULL)
		;
	mmio_write32(PLAT_UART_BASE + UART_FIFO, (unsigned char)c);
}
