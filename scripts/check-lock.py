"""Fails when the installed packages (from requirements/dev.txt) miss a requirement of
pyproject.toml, its `dev` extra included: the lock is then older than pyproject.toml.

Run by the Makefile after each install, with the venv's python.
"""

import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:  # packaging is in the lock; pip carries a copy too
    from pip._vendor.packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
wanted = project["dependencies"] + project.get("optional-dependencies", {}).get("dev", [])

problems = []
for line in wanted:
    requirement = Requirement(line)
    if requirement.marker and not requirement.marker.evaluate():
        continue
    try:
        installed = version(requirement.name)
    except PackageNotFoundError:
        problems.append(f"{requirement} is not installed")
        continue
    if not requirement.specifier.contains(installed, prereleases=True):
        problems.append(f"{requirement} is wanted, {installed} is installed")

if problems:
    print("pyproject.toml asks for more than the lock gives:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    print("run `make lock` and commit requirements/", file=sys.stderr)
    sys.exit(1)
