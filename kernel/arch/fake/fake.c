/* SPDX-License-Identifier: BSD-2-Clause */
/* Fake arch and platform: a console buffer, one CPU, and idle/power-off as longjmp. */
#include <arch/sysreg.h>
#include <fake.h>
#include <object.h>
#include <plat.h>
#include <stdlib.h>
#include <string.h>
#include <thread.h>
#include <timer.h>
#include <vcpu.h>

struct fake_cpu fake_cpu;
char fake_console[8192];
size_t fake_console_len;
jmp_buf fake_stop_jump;
enum fake_stop fake_stop;
int fake_poweroff_status;
bool plat_semihosting;
int fake_irq_after;
uint64_t fake_time, fake_timer = UINT64_MAX;
uint64_t fake_vttbr_root;
unsigned fake_tlb_flushes;
bool fake_irq_enabled[1024];

#define cpu (*cpu_get(0))

void fake_reset(void)
{
	memset(&fake_cpu, 0, sizeof(fake_cpu));
	memset(&cpu, 0, sizeof(cpu));
	fake_console_len = 0;
	fake_console[0] = '\0';
	fake_stop = FAKE_RUNNING;
	fake_irq_after = 0;
	fake_time = 0;
	fake_timer = UINT64_MAX;
	fake_vttbr_root = 0;
	fake_tlb_flushes = 0;
	rq_init(&cpu.rq);
	cpu.deadline = UINT64_MAX;
}

struct percpu *arch_this_cpu(void) { return &cpu; }

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

bool irq_pending(void)
{
	if (fake_irq_after > 0 && --fake_irq_after == 0)
		return true;
	return false;
}

/* The interrupt controller: nothing pending, lines remembered. */
unsigned irq_acknowledge(void) { return IRQ_SPECIAL + 3; } /* spurious */
void irq_end(unsigned intid) { (void)intid; }
void irq_enable(unsigned intid) { fake_irq_enabled[intid % 1024] = true; }
void irq_disable(unsigned intid) { fake_irq_enabled[intid % 1024] = false; }
void timer_irq(void) {}

uint64_t timer_freq(void) { return 62500000; }
void timer_oneshot(uint64_t at) { fake_timer = at; }
void timer_cancel(void) { fake_timer = UINT64_MAX; }

void arch_set_vttbr(uint64_t root, uint16_t vmid)
{
	(void)vmid;
	fake_vttbr_root = root;
}
void arch_tlb_flush_vmid(uint16_t vmid)
{
	(void)vmid;
	fake_tlb_flushes++;
}
void arch_tlb_flush_ipa(uint16_t vmid, uint64_t ipa)
{
	(void)vmid;
	(void)ipa;
	fake_tlb_flushes++;
}
void arch_clear(void *p, uint64_t size) { memset(p, 0, size); }
void arch_vcpu_swap(struct vcpu *from, const struct vcpu *to)
{
	(void)from;
	(void)to;
}
void arch_vcpu_enter(const struct vcpu *v) { (void)v; }
void arch_vcpu_leave(struct vcpu *v) { (void)v; }
uint64_t arch_fault_ipa(void) { return 0; }
unsigned arch_vgic_lrs(void) { return 4; }
void arch_vcpu_save_wake(struct vcpu *v) { (void)v; }
void arch_vtimer_mask(struct vcpu *v) { v->reg[VCPU_cntv_ctl_el0] |= 2; /* IMASK */ }
void arch_vgic_save(struct vcpu *v) { (void)v; }
void arch_vgic_load(const struct vcpu *v, bool running)
{
	(void)v;
	(void)running;
}
void arch_fp_save(struct fp_regs *fp) { (void)fp; }
void arch_fp_load(const struct fp_regs *fp) { (void)fp; }
void arch_fp_enable(void) {}

/* One CPU: the lock and cross-CPU calls have nothing to do. */
void kernel_lock(void) {}
void kernel_unlock(void) {}
int plat_cpu_start(unsigned id)
{
	(void)id;
	return -1;
}
void arch_send_ipi(unsigned id) { (void)id; }
void arch_send_event(void) {}
void arch_wait_event(void) {}
void arch_cpu_init(unsigned id) { (void)id; }
uint64_t arch_timer_check(void) { return 0; }
void arch_entry_undo(struct percpu *c) { (void)c; }
void arch_set_vttbr_empty(void) { fake_vttbr_root = 0; }
bool kernel_locking;
void arch_kernel_locking(bool on) { kernel_locking = on; }
void return_to_user_locked(struct frame *f)
{
	(void)f;
	abort();
}
void return_to_user_unlocked(struct frame *f)
{
	(void)f;
	abort();
}
