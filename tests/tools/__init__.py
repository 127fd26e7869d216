# SPDX-License-Identifier: BSD-2-Clause
# Tool tests: python3 -m unittest discover -s tests/tools -t .
