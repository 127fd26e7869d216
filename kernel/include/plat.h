/* SPDX-License-Identifier: BSD-2-Clause */
/* What each platform provides (platforms/<name>/plat.c and its drivers). */
#ifndef PLAT_H
#define PLAT_H

#include <stdbool.h>
#include <stdint.h>

/* Console UART (kernel/drivers/pl011.c on QEMU virt). */
void uart_init(void);
void uart_putc(char c);

/* Interrupt controller (kernel/drivers/gicv3.c on QEMU virt). */
void irq_controller_init(void);
void irq_controller_init_cpu(void); /* a secondary CPU's redistributor and interface */
/* SGIs between CPUs (0..15); the kernel uses one, to make a CPU enter the kernel. */
void irq_send_sgi(unsigned cpu, unsigned sgi);
#define IRQ_SGI_KICK 0
/* On, and (an SPI) to this CPU: its handler's, which binds and acknowledges it. */
void irq_enable(unsigned intid);
void irq_disable(unsigned intid);
bool irq_pending(void);	       /* an interrupt waits: long operations stop at their next point */
void irq_console_output(void); /* the console log has new text for the UART's driver */
/* The INTID; IRQ_SPECIAL and above (1020..1023, the GIC's special ones) when there is
 * none to take, which needs no irq_end. */
unsigned irq_acknowledge(void);
void irq_end(unsigned intid);
#define IRQ_SPECIAL 1020U

/* Stops the machine. Under test (semihosting on the command line) QEMU exits with
 * `status`; otherwise the platform powers off if it can, or halts. */
__attribute__((noreturn)) void plat_poweroff(int status);
/* Set at boot from the kernel command line: the `semihosting` word. */
extern bool plat_semihosting;

#endif
