// SPDX-License-Identifier: GPL-2.0
/*
 * Tessera hypervisor console
 *
 * An hvc backend and an early console on Tessera's console hypercalls: the VM's
 * monitor (VMM) prints what TSR_HVC_CONSOLE_WRITE gives it on the system's UART and
 * keeps what is typed for TSR_HVC_CONSOLE_READ, raising the console node's interrupt
 * when input is waiting. Each call carries the bytes in registers, so there is no
 * shared memory to set up: the console works from the first instruction.
 *
 * Device tree binding: Documentation in guests/paravirt-linux/README.md of Tessera.
 */

#include <linux/arm-smccc.h>
#include <linux/console.h>
#include <linux/init.h>
#include <linux/minmax.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/serial_core.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include <tessera/hypercall.h>

#include "hvc_console.h"

#define HVC_TESSERA_VTERMNO	0x7e55	/* hvc's cookie for the one console */
#define HVC_TESSERA_OUTBUF	256

/* Input the last read call returned beyond what hvc asked for. */
static DEFINE_SPINLOCK(hvc_tessera_lock);
static char hvc_tessera_in[TSR_CONSOLE_READ_MAX];
static unsigned int hvc_tessera_in_head, hvc_tessera_in_len;

/* Write up to TSR_CONSOLE_WRITE_MAX bytes in one call; returns how many went out. */
static int hvc_tessera_write_chunk(const char *buf, int count)
{
	unsigned long words[TSR_CONSOLE_WRITE_MAX / sizeof(unsigned long)] = { 0 };
	struct arm_smccc_res res;
	int n = min_t(int, count, TSR_CONSOLE_WRITE_MAX);

	memcpy(words, buf, n);
	arm_smccc_1_1_hvc(TSR_HVC_CONSOLE_WRITE, n, words[0], words[1],
			  words[2], words[3], words[4], &res);
	if ((long)res.a0 < 0)
		return 0;
	return n;
}

static int hvc_tessera_put_chars(u32 vtermno, const char *buf, int count)
{
	int done = 0;

	while (done < count) {
		int n = hvc_tessera_write_chunk(buf + done, count - done);

		if (!n)
			break;
		done += n;
	}
	return done;
}

static int hvc_tessera_get_chars(u32 vtermno, char *buf, int count)
{
	struct arm_smccc_res res;
	unsigned long flags;
	int n;

	spin_lock_irqsave(&hvc_tessera_lock, flags);
	if (!hvc_tessera_in_len) {
		unsigned long words[TSR_CONSOLE_READ_MAX / sizeof(unsigned long)];

		arm_smccc_1_1_hvc(TSR_HVC_CONSOLE_READ, &res);
		words[0] = res.a1;
		words[1] = res.a2;
		words[2] = res.a3;
		if ((long)res.a0 > 0) {
			hvc_tessera_in_len = min_t(unsigned long, res.a0,
						   TSR_CONSOLE_READ_MAX);
			hvc_tessera_in_head = 0;
			memcpy(hvc_tessera_in, words, hvc_tessera_in_len);
		}
	}
	n = min_t(int, count, hvc_tessera_in_len);
	memcpy(buf, hvc_tessera_in + hvc_tessera_in_head, n);
	hvc_tessera_in_head += n;
	hvc_tessera_in_len -= n;
	spin_unlock_irqrestore(&hvc_tessera_lock, flags);
	return n;
}

static const struct hv_ops hvc_tessera_ops = {
	.get_chars = hvc_tessera_get_chars,
	.put_chars = hvc_tessera_put_chars,
	.notifier_add = notifier_add_irq,
	.notifier_del = notifier_del_irq,
	.notifier_hangup = notifier_hangup_irq,
};

static const struct of_device_id hvc_tessera_of_match[] = {
	{ .compatible = TSR_DT_CONSOLE },
	{ }
};

/* The console is usable as soon as the device tree says we run on Tessera. */
static int __init hvc_tessera_console_init(void)
{
	struct device_node *np;

	np = of_find_matching_node(NULL, hvc_tessera_of_match);
	if (!np)
		return -ENODEV;
	of_node_put(np);
	return hvc_instantiate(HVC_TESSERA_VTERMNO, 0, &hvc_tessera_ops);
}
console_initcall(hvc_tessera_console_init);

static int hvc_tessera_probe(struct platform_device *pdev)
{
	struct hvc_struct *hp;
	int irq;

	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;

	hp = hvc_alloc(HVC_TESSERA_VTERMNO, irq, &hvc_tessera_ops,
		       HVC_TESSERA_OUTBUF);
	if (IS_ERR(hp))
		return PTR_ERR(hp);
	platform_set_drvdata(pdev, hp);
	return 0;
}

static struct platform_driver hvc_tessera_driver = {
	.probe = hvc_tessera_probe,
	.driver = {
		.name = "hvc-tessera",
		.of_match_table = hvc_tessera_of_match,
		.suppress_bind_attrs = true,
	},
};
builtin_platform_driver(hvc_tessera_driver);

#ifdef CONFIG_SERIAL_EARLYCON
static void hvc_tessera_early_write(struct console *con, const char *s,
				    unsigned int n)
{
	hvc_tessera_put_chars(HVC_TESSERA_VTERMNO, s, n);
}

static int __init hvc_tessera_early_setup(struct earlycon_device *device,
					  const char *opt)
{
	device->con->write = hvc_tessera_early_write;
	return 0;
}
EARLYCON_DECLARE(tessera, hvc_tessera_early_setup);
#endif
