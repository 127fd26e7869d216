/* SPDX-License-Identifier: BSD-2-Clause */
/* The UART driver's PL011 back end: QEMU virt's console (registers: tessera/uart_regs.h). */
#include "uart_hw.h"
#include <tessera/driver.h>
#include <tessera/uart_regs.h>

void uart_hw_init(void)
{
	tsr_write32(regs + PL011_IMSC, 0);
	tsr_write32(regs + PL011_ICR, PL011_INT_ALL);
	tsr_write32(regs + PL011_LCRH, PL011_LCRH_WLEN8 | PL011_LCRH_FEN);
	tsr_write32(regs + PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
	tsr_write32(regs + PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
}

void uart_hw_irq_clear(void) { tsr_write32(regs + PL011_ICR, tsr_read32(regs + PL011_MIS)); }

bool uart_hw_rx_ready(void) { return !(tsr_read32(regs + PL011_FR) & PL011_FR_RXFE); }

char uart_hw_rx(void) { return (char)(tsr_read32(regs + PL011_DR) & 0xff); }

bool uart_hw_tx_ready(void) { return !(tsr_read32(regs + PL011_FR) & PL011_FR_TXFF); }

void uart_hw_tx(char c) { tsr_write32(regs + PL011_DR, (unsigned char)c); }

void uart_hw_tx_irq(bool on)
{
	uint32_t imsc = tsr_read32(regs + PL011_IMSC);
	tsr_write32(regs + PL011_IMSC, on ? imsc | PL011_INT_TX : imsc & ~PL011_INT_TX);
}
