// SPDX-License-Identifier: GPL-2.0
/*
 * Tessera channel devices
 *
 * A Tessera VM reaches native components through channels that the system's
 * manifest grants it: the device tree lists each under the hypervisor node
 * (channels/channel@N: its id N, label, kind and peer), and the kernel answers
 * the channel hypercall TSR_HVC_CHANNEL(N) itself, without the VM's monitor.
 * This driver makes /dev/tessera/<label> of each: a call channel takes
 * TESSERA_CHANNEL_CALL (a short message and its reply), a notify channel
 * signals its peer on write() and reports the peer's signals to read() and
 * poll(). The peers' signals arrive as the hypervisor node's interrupt, and
 * TSR_HVC_POLL says which channels they were for.
 */

#include <linux/arm-smccc.h>
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include <tessera/hypercall.h>

#include "tessera.h"
#include "uapi/tessera_channel.h"

struct tessera_channel {
	struct miscdevice misc;
	const char *label;
	unsigned int id;	/* the N of TSR_HVC_CHANNEL(N) and of POLL's bit N */
	bool call;		/* a call channel, else a notify channel */
	atomic_t signals;	/* notify: the peer's signals not read yet */
	wait_queue_head_t wait;
	void (*notify)(void *data);	/* a driver's, once it claimed it */
	void *data;
};

struct tessera_channels {
	struct tessera_channel *chan[TSR_VCPU_CHANNELS];
	int irq;
};

static struct tessera_channels *tessera_channels;
static DEFINE_SPINLOCK(tessera_channels_lock);	/* claims against the poll */

static struct tessera_channel *to_channel(struct file *file)
{
	return container_of(file->private_data, struct tessera_channel, misc);
}

/**
 * tessera_channel_call() - call the native server of a call channel
 * @ch: the channel
 * @msg: the message; the reply on return
 *
 * The vCPU waits in the hypercall until the server replies.
 * Return: 0, or -EINVAL, -EPIPE (the server went away) or -EIO.
 */
long tessera_channel_call(struct tessera_channel *ch,
			  struct tessera_channel_msg *msg)
{
	struct arm_smccc_1_2_regs args = { 0 }, res;
	long err;

	if (!ch->call || msg->length > TESSERA_CHANNEL_WORDS || msg->reserved)
		return -EINVAL;
	args.a0 = TSR_HVC_CHANNEL(ch->id);
	args.a1 = TSR_MSGINFO(msg->label, TSR_MSG_SHORT, msg->length, 0);
	memcpy(&args.a2, msg->words, sizeof(msg->words));
	arm_smccc_1_2_hvc(&args, &res);

	err = (long)res.a0;
	if (err == -TSR_EPEER)
		return -EPIPE;
	if (err < 0)
		return -EIO;
	msg->label = TSR_MSG_LABEL(res.a1);
	msg->length = min_t(unsigned long, TSR_MSG_LENGTH(res.a1),
			    TESSERA_CHANNEL_WORDS);
	memcpy(msg->words, &res.a2, sizeof(msg->words));
	return 0;
}

/**
 * tessera_channel_signal() - signal the peer of a notify channel
 * @ch: the channel
 *
 * Return: 0 or -EIO.
 */
long tessera_channel_signal(struct tessera_channel *ch)
{
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(TSR_HVC_CHANNEL(ch->id), &res);
	return (long)res.a0 < 0 ? -EIO : 0;
}

/**
 * tessera_channel_claim() - take a channel for a driver
 * @label: the channel's label in the device tree
 * @call: whether it must be a call channel (else a notify channel)
 * @notify: for a notify channel, called (in interrupt context) when its peer
 *	signals it
 * @data: @notify's argument
 *
 * The channel's /dev/tessera/<label> goes away.
 * Return: the channel, or NULL if there is no such channel free.
 */
struct tessera_channel *tessera_channel_claim(const char *label, bool call,
					      void (*notify)(void *data),
					      void *data)
{
	struct tessera_channel *ch = NULL;
	unsigned long flags;
	unsigned int n;

	for (n = 0; tessera_channels && n < TSR_VCPU_CHANNELS; n++) {
		struct tessera_channel *c = tessera_channels->chan[n];

		if (c && !strcmp(c->label, label) && c->call == call &&
		    !c->data) {
			ch = c;
			break;
		}
	}
	if (!ch)
		return NULL;
	misc_deregister(&ch->misc);
	spin_lock_irqsave(&tessera_channels_lock, flags);
	ch->data = data;
	ch->notify = notify;
	spin_unlock_irqrestore(&tessera_channels_lock, flags);
	return ch;
}

static long tessera_channel_ioctl_call(struct tessera_channel *ch,
				       struct tessera_channel_msg __user *umsg)
{
	struct tessera_channel_msg msg;
	long err;

	if (copy_from_user(&msg, umsg, sizeof(msg)))
		return -EFAULT;
	err = tessera_channel_call(ch, &msg);
	if (!err && copy_to_user(umsg, &msg, sizeof(msg)))
		return -EFAULT;
	return err;
}

static long tessera_channel_ioctl(struct file *file, unsigned int cmd,
				  unsigned long arg)
{
	struct tessera_channel *ch = to_channel(file);

	if (cmd != TESSERA_CHANNEL_CALL)
		return -ENOTTY;
	if (!ch->call)
		return -EINVAL;
	return tessera_channel_ioctl_call(ch, (void __user *)arg);
}

/* Notify channels: any write signals the peer. */
static ssize_t tessera_channel_write(struct file *file, const char __user *buf,
				     size_t count, loff_t *ppos)
{
	struct tessera_channel *ch = to_channel(file);

	if (ch->call)
		return -EINVAL;
	return tessera_channel_signal(ch) ?: count;
}

/* Notify channels: the number of the peer's signals since the last read, as
 * a u64; blocks until there is one (unless O_NONBLOCK).
 */
static ssize_t tessera_channel_read(struct file *file, char __user *buf,
				    size_t count, loff_t *ppos)
{
	struct tessera_channel *ch = to_channel(file);
	u64 n;
	int err;

	if (ch->call)
		return -EINVAL;
	if (count < sizeof(n))
		return -EINVAL;
	if (file->f_flags & O_NONBLOCK) {
		if (!atomic_read(&ch->signals))
			return -EAGAIN;
	} else {
		err = wait_event_interruptible(ch->wait,
					       atomic_read(&ch->signals));
		if (err)
			return err;
	}
	n = atomic_xchg(&ch->signals, 0);
	if (copy_to_user(buf, &n, sizeof(n)))
		return -EFAULT;
	return sizeof(n);
}

static __poll_t tessera_channel_poll(struct file *file, poll_table *wait)
{
	struct tessera_channel *ch = to_channel(file);

	if (ch->call)
		return EPOLLOUT | EPOLLWRNORM;
	poll_wait(file, &ch->wait, wait);
	return EPOLLOUT | EPOLLWRNORM |
	       (atomic_read(&ch->signals) ? EPOLLIN | EPOLLRDNORM : 0);
}

static const struct file_operations tessera_channel_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = tessera_channel_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.read = tessera_channel_read,
	.write = tessera_channel_write,
	.poll = tessera_channel_poll,
	.llseek = noop_llseek,
};

/* The peers' signals: TSR_HVC_POLL returns (and clears) a bit per channel. */
static unsigned long tessera_channels_poll(struct tessera_channels *chans)
{
	struct arm_smccc_res res;
	unsigned long bits, flags;
	unsigned int n;

	arm_smccc_1_1_hvc(TSR_HVC_POLL, &res);
	bits = res.a0;
	spin_lock_irqsave(&tessera_channels_lock, flags);
	for_each_set_bit(n, &bits, TSR_VCPU_CHANNELS) {
		struct tessera_channel *ch = chans->chan[n];

		if (!ch || ch->call)
			continue;
		if (ch->notify) {
			ch->notify(ch->data);
		} else {
			atomic_inc(&ch->signals);
			wake_up_interruptible(&ch->wait);
		}
	}
	spin_unlock_irqrestore(&tessera_channels_lock, flags);
	return bits;
}

static irqreturn_t tessera_channels_interrupt(int irq, void *data)
{
	struct tessera_channels *chans = *(struct tessera_channels **)data;

	return tessera_channels_poll(chans) ? IRQ_HANDLED : IRQ_NONE;
}

static struct tessera_channels * __percpu *tessera_channels_percpu;

static void tessera_channels_enable_irq(void *data)
{
	enable_percpu_irq(*(int *)data, IRQ_TYPE_NONE);
}

static int tessera_channel_add(struct device *dev,
			       struct tessera_channels *chans,
			       struct device_node *np)
{
	struct tessera_channel *ch;
	const char *label, *kind;
	u32 id;

	if (of_property_read_u32(np, "reg", &id) || id >= TSR_VCPU_CHANNELS ||
	    of_property_read_string(np, "label", &label) ||
	    of_property_read_string(np, "tessera,kind", &kind)) {
		dev_warn(dev, "%pOF: no reg, label or tessera,kind\n", np);
		return 0;
	}
	ch = devm_kzalloc(dev, sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return -ENOMEM;
	ch->id = id;
	ch->label = label;
	ch->call = !strcmp(kind, "call");
	init_waitqueue_head(&ch->wait);
	ch->misc.minor = MISC_DYNAMIC_MINOR;
	ch->misc.name = devm_kasprintf(dev, GFP_KERNEL, "tessera-%s", label);
	ch->misc.nodename = devm_kasprintf(dev, GFP_KERNEL, "tessera/%s",
					   label);
	ch->misc.fops = &tessera_channel_fops;
	ch->misc.parent = dev;
	if (!ch->misc.name || !ch->misc.nodename)
		return -ENOMEM;
	chans->chan[id] = ch;
	return misc_register(&ch->misc);
}

static int tessera_channels_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct tessera_channels *chans;
	struct device_node *np, *child;
	unsigned int cpu;
	int err = 0;

	np = of_get_child_by_name(dev->of_node, "channels");
	if (!np)
		return 0;
	chans = devm_kzalloc(dev, sizeof(*chans), GFP_KERNEL);
	if (!chans) {
		of_node_put(np);
		return -ENOMEM;
	}
	for_each_child_of_node(np, child) {
		if (!of_device_is_compatible(child, TSR_DT_CHANNEL))
			continue;
		err = tessera_channel_add(dev, chans, child);
		if (err) {
			of_node_put(child);
			break;
		}
	}
	of_node_put(np);
	if (err)
		return err;
	tessera_channels = chans;

	chans->irq = platform_get_irq_optional(pdev, 0);
	if (chans->irq <= 0)
		return 0;	/* no notifications: calls and signals work */
	tessera_channels_percpu = alloc_percpu(struct tessera_channels *);
	if (!tessera_channels_percpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		*per_cpu_ptr(tessera_channels_percpu, cpu) = chans;
	err = request_percpu_irq(chans->irq, tessera_channels_interrupt,
				 "tessera-channels", tessera_channels_percpu);
	if (err)
		return err;
	on_each_cpu(tessera_channels_enable_irq, &chans->irq, 1);
	tessera_channels_poll(chans);	/* signals from before it was enabled */
	dev_info(dev, "channels ready\n");
	return 0;
}

static const struct of_device_id tessera_channels_of_match[] = {
	{ .compatible = TSR_DT_HYPERVISOR },
	{ }
};

static struct platform_driver tessera_channels_driver = {
	.probe = tessera_channels_probe,
	.driver = {
		.name = "tessera-channels",
		.of_match_table = tessera_channels_of_match,
		.suppress_bind_attrs = true,
	},
};
builtin_platform_driver(tessera_channels_driver);
