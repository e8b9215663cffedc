"""Read the model file the project's environment names, with numpy, and time it."""

import os
import sys
import time

import numpy as np

path = os.environ["MODEL_FILE"]
start = time.perf_counter()
data = np.fromfile(path, dtype=np.uint8)
histogram = np.bincount(data, minlength=256)
seconds = time.perf_counter() - start
print(f"model: {path}")
print(f"bytes: {data.size}")
print(f"mean: {data.mean():.4f}")
print(f"most common byte: {int(histogram.argmax())}")
print(f"python: {sys.version.split()[0]}, numpy: {np.__version__}")
print(f"seconds: {seconds:.4f}")
