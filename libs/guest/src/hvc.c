/* SPDX-License-Identifier: BSD-2-Clause */
/* Hypercalls: the console, direct channels, SMCCC discovery and PSCI. */
#include <fmt.h>
#include <tessera/guest.h>

/* `hvc #0` (or, with smc, `smc #0`) with x0..x7 = r[0..7]; r[0..7] = x0..x7 after it.
 * The kernel's channel calls return in x0..x7, the VMM's calls in x0..x3
 * (docs/hypercall-abi.md). */
static void call8(unsigned long r[8], bool smc)
{
	register unsigned long x0 __asm__("x0") = r[0], x1 __asm__("x1") = r[1];
	register unsigned long x2 __asm__("x2") = r[2], x3 __asm__("x3") = r[3];
	register unsigned long x4 __asm__("x4") = r[4], x5 __asm__("x5") = r[5];
	register unsigned long x6 __asm__("x6") = r[6], x7 __asm__("x7") = r[7];
#define X0_X7 "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7)
	if (smc)
		__asm__ volatile("smc #0" : X0_X7 : : "memory");
	else
		__asm__ volatile("hvc #0" : X0_X7 : : "memory");
#undef X0_X7
	r[0] = x0, r[1] = x1, r[2] = x2, r[3] = x3;
	r[4] = x4, r[5] = x5, r[6] = x6, r[7] = x7;
}

static void hvc8(unsigned long r[8]) { call8(r, false); }

static struct tsr_hvc_result call(unsigned long fn, const unsigned long a[6], bool smc)
{
	unsigned long r[8] = {fn};
	for (int i = 0; a && i < 6; i++)
		r[i + 1] = a[i];
	call8(r, smc);
	return (struct tsr_hvc_result){(long)r[0], r[1], r[2], r[3]};
}

struct tsr_hvc_result tsr_hvc(unsigned long fn, const unsigned long a[6])
{
	return call(fn, a, false);
}

struct tsr_hvc_result tsr_smc(unsigned long fn, const unsigned long a[6])
{
	return call(fn, a, true);
}

/* A call with one argument or none: its x0. */
static long hvc1(unsigned long fn, unsigned long a1)
{
	const unsigned long a[6] = {a1};
	return tsr_hvc(fn, a).x0;
}

long tsr_console_write(const char *s, unsigned long n)
{
	for (unsigned long done = 0; done < n;) {
		unsigned long chunk =
		    n - done < TSR_CONSOLE_WRITE_MAX ? n - done : TSR_CONSOLE_WRITE_MAX;
		unsigned long a[6] = {chunk};
		for (unsigned long i = 0; i < chunk; i++) /* x2..x6, little-endian */
			a[1 + i / 8] |= (unsigned long)(unsigned char)s[done + i] << (8 * (i % 8));
		long r = tsr_hvc(TSR_HVC_CONSOLE_WRITE, a).x0;
		if (r < 0)
			return r;
		done += chunk;
	}
	return (long)n;
}

long tsr_console_puts(const char *s)
{
	unsigned long n = 0;
	while (s[n])
		n++;
	return tsr_console_write(s, n);
}

/* tsr_console_printf's output: a hypercall each TSR_CONSOLE_WRITE_MAX bytes. */
struct line {
	char buf[TSR_CONSOLE_WRITE_MAX];
	unsigned long n;
};

static void put(void *ctx, char c)
{
	struct line *l = ctx;
	l->buf[l->n++] = c;
	if (l->n == sizeof(l->buf)) {
		tsr_console_write(l->buf, l->n);
		l->n = 0;
	}
}

int tsr_console_vprintf(const char *format, va_list ap)
{
	struct line l = {.n = 0};
	int n = fmt_vformat(put, &l, format, ap);
	tsr_console_write(l.buf, l.n);
	return n;
}

int tsr_console_printf(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int n = tsr_console_vprintf(format, ap);
	va_end(ap);
	return n;
}

long tsr_console_read(char buf[TSR_CONSOLE_READ_MAX])
{
	struct tsr_hvc_result r = tsr_hvc(TSR_HVC_CONSOLE_READ, 0);
	const unsigned long w[3] = {r.x1, r.x2, r.x3};
	if (r.x0 < 0 || r.x0 > TSR_CONSOLE_READ_MAX)
		return r.x0 < 0 ? r.x0 : -TSR_EINVAL;
	for (long i = 0; i < r.x0; i++)
		buf[i] = (char)(w[i / 8] >> (8 * (i % 8)));
	return r.x0;
}

long tsr_channel_call(unsigned ch, struct tsr_guest_msg *m)
{
	if (m->length > TSR_MSG_SHORT_WORDS)
		return -TSR_EINVAL;
	unsigned long r[8] = {TSR_HVC_CHANNEL(ch),
			      TSR_MSGINFO(m->label, TSR_MSG_SHORT, m->length, 0)};
	for (unsigned i = 0; i < TSR_MSG_SHORT_WORDS; i++)
		r[2 + i] = m->w[i];
	hvc8(r);
	if ((long)r[0] < 0)
		return (long)r[0];
	m->label = TSR_MSG_LABEL(r[1]);
	m->length = TSR_MSG_LENGTH(r[1]);
	for (unsigned i = 0; i < TSR_MSG_SHORT_WORDS; i++)
		m->w[i] = r[2 + i];
	return 0;
}

long tsr_channel_signal(unsigned ch) { return hvc1(TSR_HVC_CHANNEL(ch), 0); }

unsigned long tsr_poll(void) { return (unsigned long)hvc1(TSR_HVC_POLL, 0); }

long tsr_smccc_version(void) { return hvc1(TSR_SMCCC_VERSION, 0); }

bool tsr_smccc_is_tessera(void)
{
	struct tsr_hvc_result r = tsr_hvc(TSR_SMCCC_HYP_UID, 0);
	return (unsigned long)r.x0 == TSR_UID_0 && r.x1 == TSR_UID_1 && r.x2 == TSR_UID_2 &&
	       r.x3 == TSR_UID_3;
}

long tsr_psci_version(void) { return hvc1(TSR_PSCI_VERSION, 0); }

long tsr_psci_features(unsigned long fn) { return hvc1(TSR_PSCI_FEATURES, fn); }

long tsr_psci_system_off(void) { return hvc1(TSR_PSCI_SYSTEM_OFF, 0); }

long tsr_psci_system_reset(void) { return hvc1(TSR_PSCI_SYSTEM_RESET, 0); }

long tsr_psci_cpu_on(unsigned long mpidr, unsigned long entry, unsigned long context)
{
	const unsigned long a[6] = {mpidr, entry, context};
	return tsr_hvc(TSR_PSCI_CPU_ON, a).x0;
}

long tsr_psci_cpu_off(void) { return hvc1(TSR_PSCI_CPU_OFF, 0); }

/* x2 = 0: the lowest affinity level asked about is 0 (one vCPU). */
long tsr_psci_affinity_info(unsigned long mpidr) { return hvc1(TSR_PSCI_AFFINITY_INFO, mpidr); }
