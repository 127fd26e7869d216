/* SPDX-License-Identifier: BSD-2-Clause */
/* Fake arch and platform: a console buffer, one CPU, and idle/power-off as longjmp. */
#include <arch/sysreg.h>
#include <fake.h>
#include <plat.h>
#include <string.h>
#include <thread.h>

struct fake_cpu fake_cpu;
char fake_console[8192];
size_t fake_console_len;
jmp_buf fake_stop_jump;
enum fake_stop fake_stop;
int fake_poweroff_status;
bool plat_semihosting;

static struct percpu cpu;

void fake_reset(void)
{
	memset(&fake_cpu, 0, sizeof(fake_cpu));
	memset(&cpu, 0, sizeof(cpu));
	fake_console_len = 0;
	fake_console[0] = '\0';
	fake_stop = FAKE_RUNNING;
}

struct percpu *this_cpu(void) { return &cpu; }

void uart_putc(char c)
{
	if (fake_console_len + 1 < sizeof(fake_console)) {
		fake_console[fake_console_len++] = c;
		fake_console[fake_console_len] = '\0';
	}
}

void wfi(void)
{
	fake_cpu.wfi++;
	fake_stop = FAKE_IDLE;
	longjmp(fake_stop_jump, 1);
}

void plat_poweroff(int status)
{
	fake_poweroff_status = status;
	fake_stop = FAKE_POWEROFF;
	longjmp(fake_stop_jump, 1);
}

void vspace_activate(const struct vspace *vs) { (void)vs; }
