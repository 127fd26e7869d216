/* SPDX-License-Identifier: BSD-2-Clause */
/* The console for components: lines out and input in, through the UART driver. */
#ifndef TESSERA_UART_H
#define TESSERA_UART_H

#include <tessera/component.h>

/*
 * The driver (userland/drivers/uart: pl011_driver for a PL011, cadence_uart_driver for a
 * Cadence UART, the same interface) serves up to 16 clients. Client k calls on the
 * driver's channel k and is notified on the driver's channel k + 16 when input is there
 * for it (only the client that holds the focus gets input; the user moves the focus to
 * the next client with Ctrl-N). Output goes out in whole lines: a client's partial
 * line waits in the driver until its newline (or 256 bytes) arrives.
 */
#define TSR_UART_WRITE 1 /* w0 = bytes (<= 40), w1..w5 = the bytes */
#define TSR_UART_READ 2	 /* reply: w0 = bytes (<= 40), w1..w5 = the bytes */
#define TSR_UART_BUSY 3	 /* reply label: the output queue is full, try again */
#define TSR_UART_CHUNK 40
#define TSR_UART_CLIENTS 16

/* Write a string (any length) through the driver on call channel `ch`; 0 or an error. */
long tsr_uart_puts(unsigned ch, const char *s);
/* Up to `max` bytes of input (0: none now); negative: an error. */
long tsr_uart_read(unsigned ch, char *buf, unsigned long max);

#endif
