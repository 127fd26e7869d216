/* SPDX-License-Identifier: BSD-2-Clause */
/* vmm: a virtual machine monitor component, serving one guest (a [[vm]] in a manifest). */
#include "vmm.h"
#include <esr.h>
#include <fmt.h>
#include <mem.h>
#include <stdarg.h>
#include <tessera/guest.h> /* its device-tree reader */
#include <tessera/object.h>
#include <tessera/uart.h>

/*
 * The root manager builds the guest (docs/manifest.md, [[vm]]): its vCPU thread, its
 * RAM (mapped here at vm_ram), its kernel, initrd and device tree (mapped here
 * read-only), its channels. This VMM loads the guest and starts it, then answers its
 * exits (docs/virtualization.md): hypercalls (the console, SMCCC discovery, PSCI), MMIO
 * to the emulated GIC. Any other exit stops the guest with a report, and nothing else.
 * Devices are not emulated here: the guest reaches native drivers through its channels
 * and shared regions, without this VMM.
 */
unsigned long vm_ram, vm_ram_ipa, vm_ram_size, vm_kernel, vm_kernel_size, vm_initrd, vm_initrd_size,
    vm_dtb, vm_dtb_size, vm_vcpus;

#define SCTLR_EL1_RESET 0x30d00800UL /* RES1 bits: MMU and caches off */
#define PSTATE_EL1H_MASKED 0x3c5UL   /* EL1h, D, A, I and F masked */
#define ESR_ISV (1UL << 24)
#define ESR_SAS(esr) (((esr) >> 22) & 3)
#define ESR_SSE (1UL << 21)
#define ESR_SF (1UL << 15)
#define ESR_WNR (1UL << 6)
/* A trapped MSR/MRS (EC 0x18): the register (Op0, Op2, Op1, CRn, CRm), Rt, the direction. */
#define SYSREG_ID(esr) ((esr)&0x3ffc1eUL)
#define SYSREG_READ 1UL
#define ICC_SGI1R_EL1 0x3a3016UL /* op0 3, op2 5, op1 0, CRn 12, CRm 11 */
#define ICC_SGI0R_EL1 0x3e3016UL /* op2 7 */
#define SGI_INTID(v) (((v) >> 24) & 15)
#define SGI_AFF_RS 0xff0f00ff0000UL /* Aff3, RS, Aff2, Aff1: 0 for our vCPUs */
#define SGI_IRM (1UL << 40)	    /* every vCPU but the sender */

static char name[TSR_NAME_SIZE] = "guest";
static bool uart = true; /* the UART driver serves CH_CONSOLE, until a call fails */
static char input[256];	 /* console input for the guest, a ring */
static unsigned in_head, in_tail;
static unsigned self;		  /* the vCPU whose exit is being handled */
static bool on[TSR_VM_VCPUS_MAX]; /* PSCI's view: which vCPUs run */

static void console_write(const char *s, unsigned long n)
{
	char line[TSR_CONSOLE_WRITE_MAX + 1];
	unsigned long k = 0;
	for (unsigned long i = 0; i < n && k < TSR_CONSOLE_WRITE_MAX; i++)
		if (s[i]) /* the driver takes strings */
			line[k++] = s[i];
	line[k] = 0;
	if (uart && tsr_uart_puts(CH_CONSOLE, line) < 0)
		uart = false; /* no driver: the kernel log */
	if (!uart)
		tsr_printf("%s", line);
}

void vmm_print(const char *format, ...)
{
	char text[320];
	va_list ap;
	va_start(ap, format);
	int n = fmt_vsnprintf(text, sizeof(text), format, ap);
	va_end(ap);
	if (n > (int)sizeof(text) - 1) { /* cut short, the line still ended */
		n = (int)sizeof(text) - 1;
		text[n - 1] = '\n';
	}
	for (int i = 0; i < n; i += TSR_CONSOLE_WRITE_MAX)
		console_write(text + i, (unsigned long)(n - i));
}

/* A register of the vCPU whose exit is being handled. */
static unsigned long reg(unsigned long index)
{
	unsigned long v = 0;
	tsr_tcb_read_register(GUEST_TCB(self), index, &v);
	return v;
}

static void event(unsigned long label, unsigned long word)
{
	tsr_mr_set(0, word);
	tsr_ppcall(CH_EVENTS, TSR_MSG(label, 1)); /* none connected: fine */
}

/* vCPU cpu from its reset state at entry with x0 = arg: PSCI CPU_ON, or the boot. */
static bool start_vcpu(unsigned cpu, unsigned long entry, unsigned long arg)
{
	tsr_cap tcb = GUEST_TCB(cpu);
	for (unsigned long r = 0; r <= 30; r++)
		tsr_tcb_write_register(tcb, r, r == 0 ? arg : 0);
	tsr_tcb_write_register(tcb, TSR_REG_PC, entry);
	tsr_tcb_write_register(tcb, TSR_REG_PSTATE, PSTATE_EL1H_MASKED);
	tsr_tcb_write_register(tcb, TSR_REG_VCPU(TSR_VCPU_sctlr_el1), SCTLR_EL1_RESET);
	tsr_tcb_write_register(tcb, TSR_REG_VCPU(TSR_VCPU_cntv_ctl_el0), 0);
	tsr_tcb_write_register(tcb, TSR_REG_VCPU(TSR_VCPU_vmpidr_el2), 1UL << 31 | cpu);
	for (unsigned long r = TSR_VCPU_ich_vmcr_el2; r < TSR_VCPU_NREGS; r++)
		tsr_tcb_write_register(tcb, TSR_REG_VCPU(r), 0); /* no interrupt from before */
	on[cpu] = tsr_tcb_resume(tcb) == 0;
	return on[cpu];
}

/* Every vCPU stopped; the VMM carries on. */
static void stop_all(void)
{
	for (unsigned cpu = 0; cpu < vm_vcpus; cpu++) {
		tsr_tcb_suspend(GUEST_TCB(cpu));
		on[cpu] = false;
	}
}

/* Load the guest and start vCPU 0 at its entry, x0 = its device tree (the boot
 * protocol); the others wait for PSCI CPU_ON. */
static bool start(void)
{
	unsigned long entry = 0, dtb = 0;
	stop_all(); /* nothing runs while its memory is written */
	const char *why = load_guest(&entry, &dtb);
	if (why) {
		vmm_print("vmm: %s cannot start: %s\n", name, why);
		return false;
	}
	vgic_reset();
	return start_vcpu(0, entry, dtb);
}

/* The guest stops here (powered off, or fatally faulted); the VMM carries on. */
static void stop(unsigned long label, unsigned long word, const char *why)
{
	stop_all();
	vmm_print("vmm: %s %s\n", name, why);
	event(label, word);
}

/* A fatal exit: stop the guest and say why, in words. */
static bool crash(unsigned long esr, unsigned long addr, unsigned long pc, const char *what)
{
	char cause[120], why[256];
	esr_describe(esr, cause, sizeof(cause));
	fmt_snprintf(why, sizeof(why), "stopped: %s (%s) at 0x%lx, pc 0x%lx", what, cause, addr,
		     pc);
	stop(VMM_EVENT_STOPPED, esr, why);
	return false;
}

static unsigned long results(long x0, unsigned long x1, unsigned long x2, unsigned long x3)
{
	tsr_mr_set(1, (unsigned long)x0);
	tsr_mr_set(2, x1);
	tsr_mr_set(3, x2);
	tsr_mr_set(4, x3);
	return TSR_VMEXIT_RESULTS;
}

static unsigned long console_call(unsigned long fn)
{
	if (fn == TSR_HVC_CONSOLE_WRITE) {
		unsigned long n = reg(1), words[5];
		if (n > TSR_CONSOLE_WRITE_MAX)
			return results(-TSR_EINVAL, 0, 0, 0);
		for (unsigned i = 0; i < 5; i++)
			words[i] = i * 8 < n ? reg(2 + i) : 0;
		console_write((const char *)words, n);
		return results((long)n, 0, 0, 0);
	}
	unsigned long words[3] = {0}, n = 0;
	for (; n < TSR_CONSOLE_READ_MAX && in_tail != in_head; n++, in_tail++)
		((char *)words)[n] = input[in_tail % sizeof(input)];
	return results((long)n, words[0], words[1], words[2]);
}

static long psci_features(unsigned long fn)
{
	static const unsigned long known[] = {
	    TSR_PSCI_VERSION,	    TSR_PSCI_CPU_OFF,		TSR_PSCI_CPU_ON,
	    TSR_PSCI_AFFINITY_INFO, TSR_PSCI_MIGRATE_INFO_TYPE, TSR_PSCI_SYSTEM_OFF,
	    TSR_PSCI_SYSTEM_RESET,  TSR_PSCI_FEATURES,		TSR_SMCCC_VERSION};
	for (unsigned i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (known[i] == fn)
			return TSR_PSCI_SUCCESS;
	return TSR_PSCI_NOT_SUPPORTED;
}

/* PSCI CPU_ON: MPIDR affinity 0 names the vCPU. */
static long cpu_on(unsigned long mpidr, unsigned long entry, unsigned long context)
{
	if (mpidr >= vm_vcpus)
		return TSR_PSCI_INVALID_PARAMETERS;
	if (on[mpidr])
		return TSR_PSCI_ALREADY_ON;
	if (entry % 4 || entry < vm_ram_ipa || entry - vm_ram_ipa >= vm_ram_size)
		return TSR_PSCI_INVALID_ADDRESS;
	return start_vcpu((unsigned)mpidr, entry, context) ? TSR_PSCI_SUCCESS
							   : TSR_PSCI_INVALID_PARAMETERS;
}

/* PSCI CPU_OFF: this vCPU stops; the last one turns the machine off. */
static long cpu_off(void)
{
	tsr_tcb_suspend(GUEST_TCB(self));
	on[self] = false;
	for (unsigned cpu = 0; cpu < vm_vcpus; cpu++)
		if (on[cpu])
			return -1;
	stop(VMM_EVENT_OFF, 0, "powered off");
	return -1;
}

/* An HVC or SMC: the reply's flags, or -1 when the guest does not go on. */
static long hypercall(unsigned long fn)
{
	switch (fn) {
	case TSR_HVC_CONSOLE_WRITE:
	case TSR_HVC_CONSOLE_READ:
		return (long)console_call(fn);
	case TSR_SMCCC_VERSION:
		return (long)results(0x10001, 0, 0, 0);
	case TSR_SMCCC_HYP_CALL_COUNT:
		return (long)results(4, 0, 0, 0); /* channels, poll, console write and read */
	case TSR_SMCCC_HYP_UID:
		return (long)results(TSR_UID_0, TSR_UID_1, TSR_UID_2, TSR_UID_3);
	case TSR_SMCCC_HYP_REVISION:
		return (long)results(1, 0, 0, 0);
	case TSR_PSCI_VERSION:
		return (long)results(0x10000, 0, 0, 0);
	case TSR_PSCI_FEATURES:
		return (long)results(psci_features(reg(1)), 0, 0, 0);
	case TSR_PSCI_MIGRATE_INFO_TYPE:
		return (long)results(2, 0, 0, 0);
	case TSR_PSCI_CPU_ON:
		return (long)results(cpu_on(reg(1), reg(2), reg(3)), 0, 0, 0);
	case TSR_PSCI_AFFINITY_INFO: /* 0 on, 1 off */
		return (long)results(reg(1) >= vm_vcpus ? TSR_PSCI_INVALID_PARAMETERS : !on[reg(1)],
				     0, 0, 0);
	case TSR_PSCI_CPU_OFF:
		return cpu_off();
	case TSR_PSCI_SYSTEM_OFF:
		stop(VMM_EVENT_OFF, reg(1), "powered off");
		return -1;
	case TSR_PSCI_SYSTEM_RESET:
		stop(VMM_EVENT_RESET, 0, "resets");
		start();
		return -1;
	default: /* SMCCC's answer to an unknown function (or a test build's hook) */
		vmm_test_hook(fn);
		return (long)results(TSR_SMCCC_NOT_SUPPORTED, 0, 0, 0);
	}
}

/* A stage-2 fault: the emulated GIC, or a fatal access (*why says which). */
static long mmio(unsigned long esr, unsigned long ipa, unsigned long stored, const char **why)
{
	unsigned bytes = 1U << ESR_SAS(esr);
	unsigned long value = stored;
	bool write = esr & ESR_WNR;
	/* Pair, post-indexed, exclusive and SIMD accesses leave the syndrome without ISV:
	 * nothing says which register, so an emulated device cannot take them (only whether
	 * the address is the GIC's is asked then). One call: the MMIO exit's fast case. */
	bool isv = esr & ESR_ISV;
	*why = "an access outside its RAM and devices";
	if (!vgic_access(self, ipa, write, bytes, isv ? &value : NULL))
		return -1;
	*why = "a GIC access that no syndrome describes (a pair, exclusive, post-indexed or "
	       "SIMD load or store)";
	if (!isv)
		return -1;
	if (write)
		return TSR_VMEXIT_ADVANCE;
	if (esr & ESR_SSE && bytes < 8 && value >> (8 * bytes - 1) & 1)
		value |= ~0UL << (8 * bytes);
	if (!(esr & ESR_SF))
		value &= 0xffffffffUL;
	tsr_mr_set(1, value); /* into register SRT, by the kernel */
	return TSR_VMEXIT_ADVANCE | TSR_VMEXIT_LOAD;
}

/* Debug registers (Op0 2) and the PMU's (CRn 9; CRn 14 with Op1 3 and CRm 8..15): the
 * kernel traps them so that no guest can reach another's debug state or the counters. */
static bool debug_or_pmu(unsigned long esr)
{
	unsigned long op0 = esr >> 20 & 3, op1 = esr >> 14 & 7, crn = esr >> 10 & 15,
		      crm = esr >> 1 & 15;
	return op0 == 2 || (op0 == 3 && (crn == 9 || (crn == 14 && op1 == 3 && crm >= 8)));
}

/* A trapped system register (word: the value a write stores): debug and PMU registers
 * read as zero and ignore writes (a guest has neither; Linux writes MDSCR_EL1 and the
 * OS lock as it boots); a write of ICC_SGI1R_EL1 or ICC_SGI0R_EL1 is an SGI to other
 * vCPUs (or itself); else -1. */
static long sysreg(unsigned long esr, unsigned long word)
{
	unsigned long id = SYSREG_ID(esr), v = word;
	if (debug_or_pmu(esr)) {
		tsr_mr_set(1, 0); /* a read loads 0 into Rt, by the kernel */
		return TSR_VMEXIT_ADVANCE | (esr & SYSREG_READ ? TSR_VMEXIT_LOAD : 0);
	}
	if ((id != ICC_SGI1R_EL1 && id != ICC_SGI0R_EL1) || esr & SYSREG_READ)
		return -1;
	for (unsigned cpu = 0; cpu < vm_vcpus && !(v & SGI_AFF_RS); cpu++)
		if (v & SGI_IRM ? cpu != self : v >> cpu & 1)
			vgic_sgi(cpu, (unsigned)SGI_INTID(v));
	return TSR_VMEXIT_ADVANCE;
}

bool fault(unsigned channel, unsigned long info)
{
	unsigned long esr = tsr_mr_get(0), addr = tsr_mr_get(1), pc = tsr_mr_get(2),
		      word = tsr_mr_get(3);
	const char *why;
	long flags;
	if (channel > TSR_VMM_EXIT_CHANNEL || TSR_VMM_EXIT_CHANNEL - channel >= vm_vcpus)
		return false;
	self = TSR_VMM_EXIT_CHANNEL - channel;
	switch (TSR_MSG_LABEL(info)) {
	case TSR_FAULT_VM_HVC:
		if ((flags = hypercall(word)) < 0)
			return false;
		break;
	case TSR_FAULT_VM_SMC:
		if ((flags = hypercall(word)) < 0)
			return false;
		flags |= TSR_VMEXIT_ADVANCE;
		break;
	case TSR_FAULT_VM_MMIO:
		if ((flags = mmio(esr, addr, word, &why)) < 0)
			return crash(esr, addr, pc, why);
		break;
	case TSR_FAULT_VM_MAINTENANCE: /* room in the list registers again */
		vgic_deliver();
		flags = 0;
		break;
	case TSR_FAULT_VM_SYSREG:
		if ((flags = sysreg(esr, word)) < 0)
			return crash(esr, addr, pc, "a system register it may not use");
		break;
	default:
		return crash(esr, addr, pc, "a fault");
	}
	tsr_mr_set(0, (unsigned long)flags);
	return true;
}

/* Console input from the UART driver: keep it for TSR_HVC_CONSOLE_READ and raise the
 * console's interrupt. */
void notified(unsigned channel)
{
	char buf[TSR_UART_CHUNK];
	long n;
	if (channel != CH_INPUT)
		return;
	while ((n = tsr_uart_read(CH_CONSOLE, buf, sizeof(buf))) > 0)
		for (long i = 0; i < n && in_head - in_tail < sizeof(input); i++)
			input[in_head++ % sizeof(input)] = buf[i];
	if (in_head != in_tail)
		vgic_raise(TSR_GUEST_INTID_CONSOLE);
}

/* The guest's name, from its device tree's model ("Tessera VM <name>"). */
static void find_name(void)
{
	static const char prefix[] = "Tessera VM ";
	struct tsr_fdt t;
	const char *model = tsr_fdt_open(&t, (const void *)vm_dtb, vm_dtb_size)
				? tsr_fdt_string(&t, tsr_fdt_path(&t, "/"), "model")
				: NULL;
	if (model && !memcmp(model, prefix, sizeof(prefix) - 1) &&
	    strlen(model) - (sizeof(prefix) - 1) < sizeof(name))
		memcpy(name, model + sizeof(prefix) - 1, strlen(model) - (sizeof(prefix) - 1) + 1);
}

void init(void)
{
	find_name();
	if (start())
		vmm_print("vmm: %s started (%lu MiB of RAM)\n", name, vm_ram_size >> 20);
}
