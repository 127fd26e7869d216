/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tessera's shared headers (a driver's client interface, such as
 * drivers/blk.h, tessera/ring.h) are plain C with <stdbool.h>; in the kernel
 * bool comes from <linux/types.h>.
 */
#ifndef _TESSERA_COMPAT_STDBOOL_H
#define _TESSERA_COMPAT_STDBOOL_H

#include <linux/types.h>

#endif /* _TESSERA_COMPAT_STDBOOL_H */
