# SPDX-License-Identifier: GPL-2.0
#
# make                build module/linkauth.ko against KDIR and the tools
# make install        install the module (modules_install, depmod) and tools
# make check          everything CI runs; the last line is "N passed, N failed"
# make kunit          KUnit suites in the debug kernel under QEMU
# make e2e            end-to-end scenarios; KERNEL=debian-6.1|debian-6.12|debug
#                     picks one kernel (default: all three)
# make style          checkpatch --strict and sparse
# make demo           two QEMU guests authenticate and talk over MACsec
# make bench          handshake time and memory per peer, not asserted

# Recipes pipe test output through tee: a failing test must fail the recipe.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

KDIR ?= /lib/modules/$(shell uname -r)/build
KERNELS ?= debian-6.1 debian-6.12 debug
KERNEL ?= $(KERNELS)
CACHE ?= $(HOME)/.cache/linkauth
RESULTS ?= $(CURDIR)/.results

Q := qemu
PWD := $(CURDIR)

all: userspace module

module:
	@test -d $(KDIR) || { echo "kernel build tree $(KDIR) not found:" \
		"install linux-headers-$$(uname -r) or set KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(PWD) modules

userspace:
	$(MAKE) -C userspace

install: all
	$(MAKE) -C $(KDIR) M=$(PWD) modules_install
	depmod -a
	$(MAKE) -C userspace install

clean:
	$(MAKE) -C $(KDIR) M=$(PWD) clean 2>/dev/null || true
	$(MAKE) -C userspace clean
	rm -rf $(RESULTS) .build

# Build the module (and, for a KUnit kernel, the tests) against one of the
# harness kernels, in a tree of its own so that kernels do not mix objects.
.build/%/stamp: FORCE
	$(Q)/kernels.sh fetch $*
	mkdir -p .build/$*
	rsync -a --delete --exclude .build --exclude .git --exclude .results \
		./ .build/$*/
	eval "$$($(Q)/kernels.sh paths $*)" && \
		$(MAKE) -C "$$KDIR" M=$(PWD)/.build/$* W=1 modules
	touch $@

# A build that fails prints a FAIL line, so that "make check" counts it.
kunit: userspace
	mkdir -p $(RESULTS)
	$(MAKE) .build/debug/stamp || \
		{ echo "FAIL build.debug: module or KUnit build failed" | \
		  tee $(RESULTS)/kunit.txt; exit 1; }
	$(Q)/kunit.sh -k debug -o $(RESULTS)/kunit \
		-p .build/debug/module/linkauth.ko \
		.build/debug/kunit/linkauth_test.ko | tee $(RESULTS)/kunit.txt

# Every kernel runs even when one fails; the recipe fails at the end.
e2e: userspace
	mkdir -p $(RESULTS)
	status=0; for k in $(KERNEL); do \
		if ! $(MAKE) .build/$$k/stamp; then \
			echo "FAIL build.$$k: module build failed" | \
				tee $(RESULTS)/e2e-$$k.txt; \
			status=1; continue; \
		fi; \
		$(Q)/e2e.sh $$k .build/$$k/module/linkauth.ko \
			| tee $(RESULTS)/e2e-$$k.txt || status=1; \
	done; exit $$status

style:
	mkdir -p $(RESULTS)
	$(Q)/style.sh | tee $(RESULTS)/style.txt

check:
	rm -rf $(RESULTS)
	mkdir -p $(RESULTS)
	-$(MAKE) -C userspace check | tee $(RESULTS)/userspace.txt
	-$(MAKE) style
	-$(MAKE) kunit
	-$(MAKE) e2e KERNEL="$(KERNELS)"
	$(Q)/summarize.sh $(RESULTS)/*.txt

bench: userspace
	$(MAKE) .build/debian-6.1/stamp .build/debian-6.12/stamp
	$(Q)/bench.sh debian-6.1 debian-6.12

demo: userspace
	$(MAKE) .build/debian-6.1/stamp .build/debian-6.12/stamp
	$(Q)/demo.sh

FORCE:
.PHONY: all module userspace install clean kunit e2e style check bench demo FORCE
