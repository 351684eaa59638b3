"""The shipped package never reads tests/: the tools take their labelled sets as arguments."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import build_tools.tools
from build_tools.config import REPO_ROOT

TESTS = REPO_ROOT / "tests"
TOOL_MODULES = sorted(info.name for info in pkgutil.walk_packages(build_tools.tools.__path__, "build_tools.tools.")
                      if not info.name.endswith("__main__"))


def _into_tests(value: object) -> bool:
    return isinstance(value, Path) and value.is_relative_to(TESTS)


@pytest.mark.parametrize("name", TOOL_MODULES)
def test_tools_keep_no_path_into_tests_outside_their_command_lines(name):
    module = importlib.import_module(name)
    constants = [key for key, value in vars(module).items() if _into_tests(value)]
    defaults = [f"{key}({parameter.name}=)" for key, function in vars(module).items()
                if inspect.isfunction(function) and function.__module__ == name
                for parameter in inspect.signature(function).parameters.values() if _into_tests(parameter.default)]
    assert constants + defaults == []
