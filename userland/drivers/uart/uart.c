/* SPDX-License-Identifier: BSD-2-Clause */
/* PL011 UART driver: interrupt-driven, whole lines per client out, input to the focus. */
#include <mem.h>
#include <tessera/driver.h>
#include <tessera/spec_format.h>
#include <tessera/syscall.h>
#include <tessera/uart.h>

/* PL011 registers (ARM PrimeCell UART, DDI 0183). */
#define UARTDR 0x00
#define UARTFR 0x18
#define UARTLCR_H 0x2c
#define UARTCR 0x30
#define UARTIMSC 0x38
#define UARTMIS 0x40
#define UARTICR 0x44
#define FR_RXFE (1U << 4)
#define FR_TXFF (1U << 5)
#define INT_RX (1U << 4)
#define INT_TX (1U << 5)
#define INT_RT (1U << 6)

#define IRQ 62	       /* the manifest gives the interrupt this channel */
#define FOCUS_KEY 0x0e /* Ctrl-N */
#define LINE 256
#define TXQ 4096 /* a power of two */
#define RXQ 256	 /* per client, a power of two */

unsigned long regs;	     /* setvar: where the registers are mapped */
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
	while (tx_tail != tx_head && !(tsr_read32(regs + UARTFR) & FR_TXFF))
		tsr_write32(regs + UARTDR, (unsigned char)txq[tx_tail++ % TXQ]);
	uint32_t imsc = tsr_read32(regs + UARTIMSC);
	tsr_write32(regs + UARTIMSC, tx_tail != tx_head ? imsc | INT_TX : imsc & ~INT_TX);
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
	tsr_write32(regs + UARTIMSC, 0);
	tsr_write32(regs + UARTICR, 0x7ff);
	tsr_write32(regs + UARTLCR_H, (3U << 5) | (1U << 4)); /* 8 bits, FIFOs on */
	tsr_write32(regs + UARTCR, (1U << 0) | (1U << 8) | (1U << 9));
	tsr_write32(regs + UARTIMSC, INT_RX | INT_RT);
	const char ready[] = "uart: ready\n";
	queue_line(ready, sizeof(ready) - 1);
	drain_kernel_log();
	kick();
}

/* Received bytes go to the focused client's queue; Ctrl-N moves the focus. */
static void receive(void)
{
	bool got = false;
	while (!(tsr_read32(regs + UARTFR) & FR_RXFE)) {
		char c = (char)(tsr_read32(regs + UARTDR) & 0xff);
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
	uint32_t mis = tsr_read32(regs + UARTMIS);
	tsr_write32(regs + UARTICR, mis);
	if (mis & (INT_RX | INT_RT))
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
