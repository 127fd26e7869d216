/* SPDX-License-Identifier: BSD-2-Clause */
/* PL011 UART: the kernel's polled console (user-level drivers own it later). */
#include <arch/mmio.h>
#include <plat.h>
#include <plat/board.h>
#include <tessera/uart_regs.h>

/* Baud rate is left as firmware set it: QEMU ignores it, real boards program it early. */
void uart_init(void)
{
	mmio_write32(PLAT_UART_BASE + PL011_CR, 0);
	mmio_write32(PLAT_UART_BASE + PL011_IMSC, 0);
	mmio_write32(PLAT_UART_BASE + PL011_LCRH, PL011_LCRH_FEN | PL011_LCRH_WLEN8);
	mmio_write32(PLAT_UART_BASE + PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

void uart_putc(char c)
{
	while (mmio_read32(PLAT_UART_BASE + PL011_FR) & PL011_FR_TXFF)
		;
	mmio_write32(PLAT_UART_BASE + PL011_DR, (unsigned char)c);
}
