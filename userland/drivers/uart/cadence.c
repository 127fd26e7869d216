/* SPDX-License-Identifier: BSD-2-Clause */
/* The UART driver's Cadence UART back end: the ZynqMP's UARTs, the ZCU102's console
 * (registers: tessera/uart_regs.h). */
#include "uart_hw.h"
#include <tessera/driver.h>
#include <tessera/uart_regs.h>

void uart_hw_init(void)
{
	tsr_write32(regs + CDNS_UART_IDR, CDNS_UART_INT_ALL);
	tsr_write32(regs + CDNS_UART_ISR, CDNS_UART_INT_ALL);
	tsr_write32(regs + CDNS_UART_MR, CDNS_UART_MR_8N1);
	tsr_write32(regs + CDNS_UART_CR, CDNS_UART_CR_TXRES | CDNS_UART_CR_RXRES |
					     CDNS_UART_CR_TXEN | CDNS_UART_CR_RXEN);
	/* An interrupt for every byte received: the reset level, 32 bytes, is more than
	 * QEMU's FIFO holds (16), and a line typed byte by byte would wait for it. */
	tsr_write32(regs + CDNS_UART_RXWM, 1);
	tsr_write32(regs + CDNS_UART_IER, CDNS_UART_INT_RXTRIG);
}

/* Cleared before uart.c empties the receive FIFO, so that a byte arriving meanwhile
 * raises the interrupt again. */
void uart_hw_irq_clear(void)
{
	tsr_write32(regs + CDNS_UART_ISR, tsr_read32(regs + CDNS_UART_ISR));
}

bool uart_hw_rx_ready(void) { return !(tsr_read32(regs + CDNS_UART_SR) & CDNS_UART_SR_RXEMPTY); }

char uart_hw_rx(void) { return (char)(tsr_read32(regs + CDNS_UART_FIFO) & 0xff); }

bool uart_hw_tx_ready(void) { return !(tsr_read32(regs + CDNS_UART_SR) & CDNS_UART_SR_TXFULL); }

void uart_hw_tx(char c) { tsr_write32(regs + CDNS_UART_FIFO, (unsigned char)c); }

/* TXEMPTY is an event: cleared before it is enabled, so that it says the bytes just
 * written have gone, not that the FIFO was empty some time before. */
void uart_hw_tx_irq(bool on)
{
	if (on) {
		tsr_write32(regs + CDNS_UART_ISR, CDNS_UART_INT_TXEMPTY);
		tsr_write32(regs + CDNS_UART_IER, CDNS_UART_INT_TXEMPTY);
	} else {
		tsr_write32(regs + CDNS_UART_IDR, CDNS_UART_INT_TXEMPTY);
	}
}
