# SPDX-License-Identifier: BSD-2-Clause
# compose: the Tessera system-composition tool (entry point: tools/compose.py).
"""Turn a system manifest (TOML) into what the root manager boots.

Modules: board (facts from platforms/<board>), elf (program segments and symbols),
spec (the component ABI, the binary spec and archive formats, the C header), manifest
(reading and checking a manifest into a System), vmcheck (its [[vm]] checks and what a
VM becomes), vm (a VM's layout, kernel formats, generated device tree), outputs
(spec.txt, report.txt, system.dot), cli (the command line).
"""
