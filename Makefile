# The two commands of the README. Both install missing system packages first.
SWIFT_TEST_FLAGS = -c release -Xswiftc -enable-testing

.PHONY: run test bench

# The main job: the default paper reproduction (S4-PTD, ICLR 2024; a few minutes on 2 cores).
run:
	@scripts/bootstrap.sh
	swift run -c release scigrad repro s4-ptd

# The test suite, in release (numerics are slow in debug builds).
test:
	@scripts/bootstrap.sh
	swift test $(SWIFT_TEST_FLAGS)
