/* SPDX-License-Identifier: BSD-2-Clause */
/* The UART driver: interrupt-driven, whole lines per client out, input to the focus. The
 * device's registers are a back end's (uart_hw.h): pl011_driver and cadence_uart_driver. */
#include "uart_hw.h"
#include <mem.h>
#include <tessera/spec_format.h>
#include <tessera/syscall.h>
#include <tessera/uart.h>

#define IRQ 62	       /* the manifest gives the interrupt this channel */
#define FOCUS_KEY 0x0e /* Ctrl-N */
#define LINE 256
#define TXQ 4096 /* a power of two */
#define RXQ 256	 /* per client, a power of two */

unsigned long regs;	     /* setvar: where the registers are mapped (uart_hw.h) */
static unsigned clients = 1; /* clients seen so far (by their calls): the focus cycles */

static char txq[TXQ];
static unsigned long tx_head, tx_tail; /* bytes queued / sent */
/* The kernel's log is printed like one more client's output (see drain_kernel_log). */
#define KERNEL TSR_UART_CLIENTS

static struct {
	char line[LINE];
	unsigned long len;
	char rx[RXQ];
	unsigned long rx_head, rx_tail;
} client[TSR_UART_CLIENTS + 1];
static unsigned focus;

/* Feed the transmit FIFO; keep the TX interrupt on while bytes wait. */
static void kick(void)
{
	while (tx_tail != tx_head && uart_hw_tx_ready())
		uart_hw_tx(txq[tx_tail++ % TXQ]);
	uart_hw_tx_irq(tx_tail != tx_head);
}

/* A whole line into the queue (LF going out as CR LF), or nothing: false when it does
 * not fit. */
static bool queue_line(const char *s, unsigned long n)
{
	if (TXQ - (tx_head - tx_tail) < n + 1)
		return false;
	for (unsigned long i = 0; i < n; i++) {
		if (s[i] == '\n')
			txq[tx_head++ % TXQ] = '\r';
		txq[tx_head++ % TXQ] = s[i];
	}
	return true;
}

/* Bytes of client k's output: complete lines go to the queue whole. The caller made
 * sure the queue has room for the line plus these bytes. */
static void append(unsigned k, const char *s, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		client[k].line[client[k].len++] = s[i];
		if (s[i] == '\n' || client[k].len == LINE) {
			queue_line(client[k].line, client[k].len);
			client[k].len = 0;
		}
	}
}

static bool room_for(unsigned k, unsigned long n)
{
	return TXQ - (tx_head - tx_tail) >= 2 * (client[k].len + n); /* CR LF: at most double */
}

/* What the kernel would have printed (its reports, components' debug output) since we
 * own the UART: taken while there is room, so it waits in the kernel's log otherwise. */
static void drain_kernel_log(void)
{
	char buf[64];
	while (room_for(KERNEL, sizeof(buf))) {
		long n = tsr_debug_read(buf, sizeof(buf), TSR_COMPONENT_CHANNEL_SLOT(IRQ));
		if (n <= 0)
			break;
		append(KERNEL, buf, (unsigned long)n);
	}
}

static void announce_focus(void)
{
	char msg[48];
	int n = fmt_snprintf(msg, sizeof(msg), "[uart: input goes to client %u]\n", focus);
	queue_line(msg, (unsigned long)n);
}

void init(void)
{
	uart_hw_init();
	const char ready[] = "uart: ready\n";
	queue_line(ready, sizeof(ready) - 1);
	drain_kernel_log();
	kick();
}

/* Received bytes go to the focused client's queue; Ctrl-N moves the focus. */
static void receive(void)
{
	bool got = false;
	while (uart_hw_rx_ready()) {
		char c = uart_hw_rx();
		if (c == FOCUS_KEY) {
			focus = (focus + 1) % clients;
			announce_focus();
			continue;
		}
		if (client[focus].rx_head - client[focus].rx_tail < RXQ) {
			client[focus].rx[client[focus].rx_head++ % RXQ] = c;
			got = true;
		}
	}
	if (got)
		tsr_notify(focus + TSR_UART_CLIENTS);
}

void notified(unsigned channel)
{
	if (channel != IRQ)
		return;
	uart_hw_irq_clear();
	receive();
	drain_kernel_log(); /* also how the kernel tells us of new log text */
	kick();
	tsr_irq_ack(IRQ);
}

/* WRITE: append to the client's line; a newline (or a full line) sends it whole. */
static unsigned long write(unsigned k)
{
	unsigned long n = tsr_mr_get(0), words[5];
	if (n > TSR_UART_CHUNK)
		return TSR_MSG(0, 0);
	for (unsigned i = 0; i < 5; i++)
		words[i] = tsr_mr_get(i + 1);
	/* Refuse the chunk whole if the line it may complete cannot be queued now. */
	if (!room_for(k, n))
		return TSR_MSG(TSR_UART_BUSY, 0);
	append(k, (const char *)words, n);
	kick();
	return TSR_MSG(TSR_UART_WRITE, 0);
}

static unsigned long read(unsigned k)
{
	unsigned long words[5] = {0}, n = 0;
	char *d = (char *)words;
	while (n < TSR_UART_CHUNK && client[k].rx_tail != client[k].rx_head)
		d[n++] = client[k].rx[client[k].rx_tail++ % RXQ];
	tsr_mr_set(0, n);
	for (unsigned i = 0; i < 5; i++)
		tsr_mr_set(i + 1, words[i]);
	return TSR_MSG(TSR_UART_READ, 6);
}

unsigned long protected(unsigned channel, unsigned long info)
{
	if (channel >= TSR_UART_CLIENTS)
		return TSR_MSG(0, 0);
	if (channel >= clients)
		clients = channel + 1; /* clients are known by their calls */
	switch (TSR_MSG_LABEL(info)) {
	case TSR_UART_WRITE:
		return TSR_MSG_LENGTH(info) == 6 ? write(channel) : TSR_MSG(0, 0);
	case TSR_UART_READ:
		return read(channel);
	}
	return TSR_MSG(0, 0);
}
