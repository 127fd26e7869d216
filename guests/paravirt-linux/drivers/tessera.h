/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tessera guest drivers: what the channel core (tessera_channel.c) offers the
 * drivers of devices made of channels and shared regions (tessera_blk.c).
 */
#ifndef _TESSERA_H
#define _TESSERA_H

#include <linux/types.h>

#include "uapi/tessera_channel.h"

struct tessera_channel;

struct tessera_channel *tessera_channel_claim(const char *label, bool call,
					      void (*notify)(void *data),
					      void *data);
long tessera_channel_call(struct tessera_channel *ch,
			  struct tessera_channel_msg *msg);
long tessera_channel_signal(struct tessera_channel *ch);

#endif /* _TESSERA_H */
