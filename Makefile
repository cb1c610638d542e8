# The two commands of the README. Both install missing system packages first.
SWIFT_TEST_FLAGS = -c release -Xswiftc -enable-testing

# The data-parallel targets (SciGradDistributed, scigrad-distributed and their mpirun tests) join the build when
# Open MPI is installed (scripts/bootstrap.sh --mpi); SCIGRAD_MPI=0 in the environment leaves them out.
MPI_FOUND = $(shell pkg-config --exists ompi-c 2>/dev/null && command -v mpirun >/dev/null && echo 1 || echo 0)
export SCIGRAD_MPI ?= $(MPI_FOUND)

.PHONY: run test bench lint docs

# The main job: the default paper reproduction (S4-PTD, ICLR 2024; a few minutes on 2 cores).
run:
	@scripts/bootstrap.sh
	swift run -c release scigrad repro s4-ptd

# The test suite, in release (numerics are slow in debug builds); with Open MPI, the mpirun tests too.
test:
	@scripts/bootstrap.sh
	swift test $(SWIFT_TEST_FLAGS)

# The project's .swift-format, checked (the toolchain's `swift format`; CI runs it before the tests).
lint:
	swift format lint --strict --recursive Sources Tests Benchmarks

# The Layers DocC catalog, built and checked for warnings (CI runs it after the tests).
docs:
	scripts/check-docs.sh
