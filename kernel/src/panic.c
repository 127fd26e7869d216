/* SPDX-License-Identifier: BSD-2-Clause */
/* Panic: say what went wrong, with every register when an exception caused it, then stop. */
#include <arch/frame.h>
#include <arch/sysreg.h>
#include <console.h>
#include <esr.h>
#include <fmt.h>
#include <panic.h>
#include <plat.h>
#include <stdarg.h>

static __attribute__((noreturn)) void stop(void)
{
	kprintf("end of panic: system halted\n");
	if (plat_semihosting)
		plat_poweroff(PANIC_STATUS);
	for (;;) {
		irq_mask();
		wfi();
	}
}

static void begin(const char *format, va_list ap)
{
	irq_mask();
	console_take(false); /* a panic writes to the device itself */
	kprintf("\nKERNEL PANIC: ");
	kvprintf(format, ap);
	kprintf("\n");
}

static void dump(const struct frame *f)
{
	kprintf("  ELR_EL2  0x%016llx  SPSR_EL2 0x%016llx  SP 0x%016llx\n",
		(unsigned long long)f->elr, (unsigned long long)f->spsr, (unsigned long long)f->sp);
	for (int i = 0; i < 31; i++)
		kprintf("  x%-2d 0x%016llx%s", i, (unsigned long long)f->x[i],
			i % 4 == 3 || i == 30 ? "\n" : "");
}

void panic(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	begin(format, ap);
	va_end(ap);
	stop();
}

void panic_frame(const struct frame *f, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	begin(format, ap);
	va_end(ap);
	dump(f);
	stop();
}

void panic_exception(const struct frame *f, uint64_t esr, uint64_t far)
{
	char what[160];
	esr_describe(esr, what, sizeof(what));
	irq_mask();
	console_take(false);
	kprintf("\nKERNEL PANIC: unexpected exception at EL2: %s\n", what);
	kprintf("  ESR_EL2  0x%016llx  (EC 0x%02x, IL %u, ISS 0x%07x)\n", (unsigned long long)esr,
		ESR_EC(esr), ESR_IL(esr), (unsigned)ESR_ISS(esr));
	kprintf("  FAR_EL2  0x%016llx\n", (unsigned long long)far);
	dump(f);
	stop();
}
