/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tessera's shared headers (a driver's client interface, such as
 * drivers/blk.h) are plain C with <stdint.h>; in the kernel the same types
 * come from <linux/types.h>.
 */
#ifndef _TESSERA_COMPAT_STDINT_H
#define _TESSERA_COMPAT_STDINT_H

#include <linux/types.h>

#endif /* _TESSERA_COMPAT_STDINT_H */
