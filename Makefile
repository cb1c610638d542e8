# The two commands of the README. Both install missing system packages first.
SWIFT_TEST_FLAGS = -c release -Xswiftc -enable-testing

.PHONY: run test bench

# The main job: the default reproduction (a 2-D Poisson PINN until the paper reproductions land).
run:
	@scripts/bootstrap.sh
	swift run -c release scigrad repro pinn-poisson

# The test suite, in release (numerics are slow in debug builds).
test:
	@scripts/bootstrap.sh
	swift test $(SWIFT_TEST_FLAGS)
