"""setuptools hook: which packages go into the wheel.

The templates stay at the top of the repository (where a designer finds them) and
ship inside the wheel as ``octavo/templates`` (``octavo.paths`` finds either):
setuptools maps the package name ``octavo.templates`` to that folder, and the
package data globs in pyproject.toml carry every file under it.
"""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["octavo", "octavo.*"]) + ["octavo.templates"],
    package_dir={"octavo.templates": "templates"},
)
