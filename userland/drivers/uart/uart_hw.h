/* SPDX-License-Identifier: BSD-2-Clause */
/* A UART driver's back end: the device's registers, one file per kind of UART (pl011.c,
 * cadence.c). The client interface, the queues, the focus and the kernel's log are
 * uart.c's, the same for every back end (libs/libtessera/include/tessera/uart.h). */
#ifndef UART_HW_H
#define UART_HW_H

#include <stdbool.h>

extern unsigned long regs; /* setvar: where the manifest mapped the registers */

/* Interrupts off, 8 data bits, no parity, one stop bit, FIFOs on; then the receive
 * interrupts on. The baud rate stays as firmware (or QEMU) set it. */
void uart_hw_init(void);
/* The device interrupted: clear what it reported (uart.c then reads, and writes). */
void uart_hw_irq_clear(void);
/* Whether a byte waits in the receive FIFO, and the next one. */
bool uart_hw_rx_ready(void);
char uart_hw_rx(void);
/* Whether the transmit FIFO takes a byte now, and a byte into it. */
bool uart_hw_tx_ready(void);
void uart_hw_tx(char c);
/* The interrupt that says the transmit FIFO has room again: on while bytes wait. */
void uart_hw_tx_irq(bool on);

#endif
