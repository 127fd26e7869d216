/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Tessera channel devices: /dev/tessera/<label>, one per channel of the VM.
 *
 * A call channel takes TESSERA_CHANNEL_CALL: a short message to the native
 * server at the other end (a label and up to six 64-bit words), answered by
 * its reply in the same structure. A notify channel signals its peer on
 * write() and, when the peer signals it, makes read() return and poll()
 * report POLLIN.
 */
#ifndef _UAPI_TESSERA_CHANNEL_H
#define _UAPI_TESSERA_CHANNEL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define TESSERA_CHANNEL_WORDS	6

struct tessera_channel_msg {
	__u16 label;		/* the message's label; the reply's on return */
	__u16 length;		/* words used, 0..6; the reply's on return */
	__u32 reserved;		/* 0 */
	__u64 words[TESSERA_CHANNEL_WORDS];
};

#define TESSERA_CHANNEL_CALL	_IOWR('T', 0x01, struct tessera_channel_msg)

#endif /* _UAPI_TESSERA_CHANNEL_H */
