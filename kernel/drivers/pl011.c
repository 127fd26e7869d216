/* SPDX-License-Identifier: BSD-2-Clause */
/* PL011 UART: the kernel's polled console (user-level drivers own it later). */
#include <arch/mmio.h>
#include <plat.h>
#include <plat/board.h>

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_LCRH 0x2c
#define UART_CR 0x30
#define UART_IMSC 0x38

#define FR_TXFF (1U << 5)
#define LCRH_FEN (1U << 4)
#define LCRH_WLEN8 (3U << 5)
#define CR_UARTEN (1U << 0)
#define CR_TXE (1U << 8)
#define CR_RXE (1U << 9)

/* Baud rate is left as firmware set it: QEMU ignores it, real boards program it early. */
void uart_init(void)
{
	mmio_write32(PLAT_UART_BASE + UART_CR, 0);
	mmio_write32(PLAT_UART_BASE + UART_IMSC, 0);
	mmio_write32(PLAT_UART_BASE + UART_LCRH, LCRH_FEN | LCRH_WLEN8);
	mmio_write32(PLAT_UART_BASE + UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
}

void uart_putc(char c)
{
	while (mmio_read32(PLAT_UART_BASE + UART_FR) & FR_TXFF)
		;
	mmio_write32(PLAT_UART_BASE + UART_DR, (unsigned char)c);
}
