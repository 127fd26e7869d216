# SPDX-License-Identifier: BSD-2-Clause
# IPC system tests, each run on a kernel with the IPC fast path and on one without it.

tessera_program(ipc ${CMAKE_CURRENT_LIST_DIR}/progs/ipc.c)
tessera_program(ipc_stress ${CMAKE_CURRENT_LIST_DIR}/progs/ipc_stress.c)

# Every operation, form and error of IPC, notifications, interrupts, faults, deletion.
set(IPC_EXPECT
  --expect "ipc: root ready"
  --expect "ipc: short messages ok"
  --expect "ipc: call and reply ok"
  --expect "ipc: calls across priorities ok"
  --expect "ipc: badges ok"
  --expect "ipc: non-blocking send and receive ok"
  --expect "ipc: rights and capability errors ok"
  --expect "ipc: full messages and capability transfer ok"
  --expect "ipc: extended messages ok"
  --expect "ipc: priority order of waiters ok"
  --expect "ipc: notifications ok"
  --expect "ipc: bound notification ok"
  --expect "ipc: reply-and-receive with a bound notification ok"
  --expect "ipc: timer interrupts woke the handler [0-9]+ us and [0-9]+ us after arming"
  --expect "ipc: timer interrupt ok"
  --expect "ipc: interrupt control errors ok"
  --expect "ipc: a signal and an interrupt preempt the running thread ok"
  --expect "ipc: faults as messages ok"
  --expect "ipc: deletion releases waiters ok"
  --expect "^[0-9]+ passed, 0 failed$")
tessera_image(ipc_image PROGRAM ipc)
tessera_image(ipc_nofastpath_image PROGRAM ipc NOFASTPATH)
# Under -icount the tests' time bounds count instructions, not the host's seconds: a
# busy host cannot make them expire.
set(ICOUNT --qemu-arg=-icount --qemu-arg=shift=0)
qemu_test(ipc ipc_image ${ICOUNT} ${IPC_EXPECT})
qemu_test(ipc_nofastpath ipc_nofastpath_image ${ICOUNT} ${IPC_EXPECT})

# Eight clients, one server, 64000 calls in four rounds of server priority and contention.
set(IPC_STRESS_EXPECT --timeout 120
  --expect "stress: round 1, server above the clients: 16000 calls in [0-9]+ ms"
  --expect "stress: round 2, server level with one client at a time: 16000 calls in [0-9]+ ms"
  --expect "stress: round 3, server level with all clients: 16000 calls in [0-9]+ ms"
  --expect "stress: round 4, server below the clients: 16000 calls in [0-9]+ ms"
  --expect "stress: 64000 calls from 8 clients, each answered once"
  --expect "^[0-9]+ passed, 0 failed$")
tessera_image(ipc_stress_image PROGRAM ipc_stress)
tessera_image(ipc_stress_nofastpath_image PROGRAM ipc_stress NOFASTPATH)
qemu_test(ipc_stress ipc_stress_image ${ICOUNT} ${IPC_STRESS_EXPECT})
qemu_test(ipc_stress_nofastpath ipc_stress_nofastpath_image ${ICOUNT} ${IPC_STRESS_EXPECT})
# The runner's own limit is 120 s: give ctest room beyond it.
set_tests_properties(${QEMU_TEST_PREFIX}.ipc_stress ${QEMU_TEST_PREFIX}.ipc_stress_nofastpath
  PROPERTIES TIMEOUT 180)
