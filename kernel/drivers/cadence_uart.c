/* SPDX-License-Identifier: BSD-2-Clause */
/* Cadence UART (ZynqMP): the kernel's polled console (user-level drivers own it later). */
#include <arch/mmio.h>
#include <plat.h>
#include <plat/board.h>
#include <tessera/uart_regs.h>

/* Baud rate is left as firmware set it: QEMU ignores it, the board's boot loader sets it. */
void uart_init(void)
{
	mmio_write32(PLAT_UART_BASE + CDNS_UART_IDR, CDNS_UART_INT_ALL);
	mmio_write32(PLAT_UART_BASE + CDNS_UART_MR, CDNS_UART_MR_8N1);
	mmio_write32(PLAT_UART_BASE + CDNS_UART_CR, CDNS_UART_CR_TXRES | CDNS_UART_CR_RXRES |
							CDNS_UART_CR_TXEN | CDNS_UART_CR_RXEN);
}

void uart_putc(char c)
{
	while (mmio_read32(PLAT_UART_BASE + CDNS_UART_SR) & CDNS_UART_SR_TXFULL)
		;
	mmio_write32(PLAT_UART_BASE + CDNS_UART_FIFO, (unsigned char)c);
}
