/* SPDX-License-Identifier: BSD-2-Clause */
/* The root resource manager: build the system, then handle faults by policy. */
#include "root.h"
#include <esr.h>
#include <tessera/ipc.h>
#include <tessera/syscall.h>

__attribute__((noreturn)) void root_fail(const char *what, const char *detail)
{
	tsr_printf("root: cannot build the system: %s: %s\n", what, detail);
	tsr_exit(1);
}

static void report(const struct component *c, const struct tsr_msg *m)
{
	char cause[160];
	unsigned long label = TSR_MSG_LABEL(m->info);
	if (label == TSR_FAULT_SYSCALL)
		fmt_snprintf(cause, sizeof(cause), "unknown system call %lu", m->w[3]);
	else
		esr_describe(m->w[0], cause, sizeof(cause));
	tsr_printf("root: component '%s' faulted: %s at 0x%lx (pc 0x%lx)\n", c->spec->name, cause,
		   m->w[1], m->w[2]);
}

/* Faults of the components the root handles: report, then stop or restart by policy. */
static __attribute__((noreturn)) void handle_faults(unsigned n)
{
	struct tsr_msg m = {0};
	for (;;) {
		if (tsr_recv(root_fault_endpoint(), &m) < 0)
			continue;
		unsigned long i = (unsigned long)m.x0 & ~(unsigned long)TSR_BADGE_ROOT_FAULT;
		if (!((unsigned long)m.x0 & TSR_BADGE_ROOT_FAULT) || i >= n)
			continue;
		struct component *c = &components[i];
		unsigned vcpus;
		report(c, &m);
		if (c->spec->policy != TSR_POLICY_RESTART || c->restarts >= c->spec->max_restarts) {
			if (c->spec->policy != TSR_POLICY_RESTART)
				tsr_printf("root: component '%s' stopped (policy: stop)\n",
					   c->spec->name);
			else
				tsr_printf("root: component '%s' stopped after %u restarts\n",
					   c->spec->name, c->restarts);
			if ((vcpus = suspend_guests(c))) /* a stopped VMM's VM stops too */
				tsr_printf("root: '%s' was a VMM: its VM's %u vCPU threads "
					   "suspended\n",
					   c->spec->name, vcpus);
		} else {
			c->restarts++;
			tsr_printf("root: restarting '%s' (%u of %u)\n", c->spec->name, c->restarts,
				   c->spec->max_restarts);
			if (!restart_component(c))
				tsr_printf("root: restarting '%s' failed\n", c->spec->name);
		}
		/* Receiving again without replying leaves a faulted thread stopped. */
	}
}

int main(void)
{
	static struct spec s; /* kept: restarts apply its patches again */
	const char *why;
	tsr_root_init(&root, (const struct tsr_bootinfo *)TSR_BOOTINFO_ADDR);
	if (!spec_load(&s, &why))
		root_fail("boot archive", why);
	unsigned vcpus = 0;
	for (unsigned i = 0; i < s.hdr->ncomponents; i++)
		vcpus += (s.comp[i].flags & TSR_COMPONENT_GUEST) != 0;
	tsr_printf("root: building system '%.32s': %u components, %u vCPUs, %u regions, %u "
		   "channel capabilities, %u interrupts\n",
		   s.hdr->name, s.hdr->ncomponents - vcpus, vcpus, s.hdr->nregions, s.hdr->ncaps,
		   s.hdr->nirqs);
	build_system(&s);
	if (vcpus)
		tsr_printf("root: started %u components; their VMMs start the %u vCPUs\n",
			   s.hdr->ncomponents - vcpus, vcpus);
	else
		tsr_printf("root: started %u components\n", s.hdr->ncomponents);
	handle_faults(s.hdr->ncomponents);
}
