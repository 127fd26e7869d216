/* SPDX-License-Identifier: BSD-2-Clause */
/* CNodes: slot lookup, copy/mint/move/mutate, and deletion with preemption points. */
#ifndef CNODE_H
#define CNODE_H

#include <cap.h>

/* Returned by long operations interrupted at a preemption point: the system call is
 * restarted from the beginning after the interrupt, and resumes where it stopped. */
#define E_PREEMPTED 1000

#define CAP_ZOMBIE 2U /* cap.flags: a CNode or TCB being emptied after its last capability */

/* Slot `index` of the CNode a capability names, or NULL when out of range. */
struct cte *cnode_slot(const struct cap *cnode, uint64_t index);

/* Deletes the capability in slot (destroying the object with the last one). */
int cap_delete(struct cte *slot);
/* Deletes every capability derived from the one in slot. */
int cap_revoke(struct cte *slot);

/* Decoded CNode invocations: checks done, cannot fail except by preemption. */
long cnode_invoke(const struct cap *cnode, uint64_t method, const uint64_t *args,
		  struct cte *(*lookup)(uint64_t cptr, long *err));

/* Hooks into the objects a deleted capability may hold (kernel/src/object.c). */
/* Called for every capability deleted: undo what this capability did (its mapping). */
void object_cap_removed(struct cap *cap);
/* Called when the last capability to an object goes (CNodes and TCBs: after their
 * slots are emptied, by cnode.c). */
void object_destroy(const struct cap *cap);

#endif
