/* SPDX-License-Identifier: BSD-2-Clause */
/* The UARTs' registers, one definition for the kernel's consoles (kernel/drivers/pl011.c,
 * cadence_uart.c) and the UART driver's back ends (userland/drivers/uart). */
#ifndef TESSERA_UART_REGS_H
#define TESSERA_UART_REGS_H

/* PL011 (ARM PrimeCell UART, DDI 0183): QEMU virt's console. */
#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_LCRH 0x2c
#define PL011_CR 0x30
#define PL011_IMSC 0x38 /* interrupt mask: set, enabled */
#define PL011_MIS 0x40	/* masked interrupt status */
#define PL011_ICR 0x44	/* interrupt clear */
#define PL011_FR_RXFE (1U << 4)
#define PL011_FR_TXFF (1U << 5)
#define PL011_LCRH_FEN (1U << 4)
#define PL011_LCRH_WLEN8 (3U << 5)
#define PL011_CR_UARTEN (1U << 0)
#define PL011_CR_TXE (1U << 8)
#define PL011_CR_RXE (1U << 9)
#define PL011_INT_RX (1U << 4)
#define PL011_INT_TX (1U << 5)
#define PL011_INT_RT (1U << 6) /* receive time-out */
#define PL011_INT_ALL 0x7ffU

/* Cadence UART (Xilinx UG1085, "UART Controller"): the ZynqMP's, the ZCU102's console. */
#define CDNS_UART_CR 0x00
#define CDNS_UART_MR 0x04
#define CDNS_UART_IER 0x08  /* interrupt enable: writing 1 sets the mask bit */
#define CDNS_UART_IDR 0x0c  /* interrupt disable: writing 1 clears it */
#define CDNS_UART_ISR 0x14  /* interrupt status: writing 1 clears */
#define CDNS_UART_RXWM 0x20 /* receive FIFO trigger level */
#define CDNS_UART_SR 0x2c
#define CDNS_UART_FIFO 0x30
#define CDNS_UART_CR_RXRES (1U << 0)
#define CDNS_UART_CR_TXRES (1U << 1)
#define CDNS_UART_CR_RXEN (1U << 2)
#define CDNS_UART_CR_TXEN (1U << 4)
#define CDNS_UART_MR_8N1 (4U << 3) /* 8 data bits, no parity, 1 stop bit, normal mode */
/* Interrupt bits (IER, IDR, ISR) and status bits (SR): the low five are the same. */
#define CDNS_UART_INT_RXTRIG (1U << 0) /* the receive FIFO holds RXWM bytes or more */
#define CDNS_UART_SR_RXEMPTY (1U << 1)
#define CDNS_UART_INT_TXEMPTY (1U << 3)
#define CDNS_UART_SR_TXFULL (1U << 4)
#define CDNS_UART_INT_ALL 0x3fffU

#endif
