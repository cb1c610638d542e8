#!/usr/bin/env python3
"""Writes the interop fixtures of Tests/LayersTests/Fixtures with the reference Python packages.

- python_written.safetensors: tensors of every dtype SciGrad reads (F32, F64, I64, BOOL), of ranks 0 to 2 and one
  empty, with metadata, written by the `safetensors` package (the reference implementation).
- NumPy files written by numpy itself: .npy in C and Fortran order, little- and big-endian, header versions 1.0
  and 2.0, a 0-d array, a narrow integer type that SciGrad widens, and .npz archives, stored and deflated.

The Swift tests check every value listed here, so change both together. Needs numpy and safetensors:

    python3 -m venv /tmp/stvenv && /tmp/stvenv/bin/pip install numpy safetensors
    /tmp/stvenv/bin/python scripts/make_safetensors_fixture.py
"""

from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

FIXTURES = Path(__file__).resolve().parent.parent / "Tests" / "LayersTests" / "Fixtures"


def safetensors_fixture():
    tensors = {
        "weight": (np.arange(6, dtype=np.float32).reshape(2, 3) * 0.5 - 1),
        "bias": np.array([0.1, -2.5, 3.0e10], dtype=np.float64),
        "indices": np.array([[0, -1], [2**40, 7]], dtype=np.int64),
        "mask": np.array([True, False, False, True]),
        "scale": np.array(3.5, dtype=np.float32),
        "empty": np.zeros((0, 2), dtype=np.float32),
    }
    # Sorted keys: the Swift writer sorts metadata keys, so re-encoding the fixture gives the same bytes.
    metadata = {"note": "written by safetensors", "step": "42"}
    save_file(tensors, str(FIXTURES / "python_written.safetensors"), metadata=metadata)


def numpy_fixtures():
    np.save(FIXTURES / "float32_c_order.npy", np.arange(6, dtype=np.float32).reshape(2, 3) / 4)
    np.save(FIXTURES / "float64_fortran_order.npy", np.asfortranarray(np.arange(24, dtype=np.float64).reshape(2, 3, 4)))
    np.save(FIXTURES / "int64.npy", np.array([-3, 0, 2**40], dtype=np.int64))
    np.save(FIXTURES / "bool.npy", np.array([[True, False], [False, True]]))
    np.save(FIXTURES / "float64_big_endian.npy", np.arange(4, dtype=">f8") - 1.5)
    np.save(FIXTURES / "scalar.npy", np.array(2.5))
    np.save(FIXTURES / "uint8.npy", np.array([0, 255, 7], dtype=np.uint8))
    with open(FIXTURES / "version2.npy", "wb") as file:
        np.lib.format.write_array(file, np.array([[1.5, -2.0]], dtype=np.float32), version=(2, 0))
    x = np.arange(6, dtype=np.float32).reshape(3, 2)
    y = np.array([1, 0, 1], dtype=np.int64)
    np.savez(FIXTURES / "arrays_stored.npz", x=x, y=y)
    np.savez_compressed(FIXTURES / "arrays_deflated.npz", x=x, y=y)


if __name__ == "__main__":
    FIXTURES.mkdir(parents=True, exist_ok=True)
    safetensors_fixture()
    numpy_fixtures()
