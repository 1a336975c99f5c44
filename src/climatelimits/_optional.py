"""Import an optional dependency on first use, naming the extra to install when missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from climatelimits.exceptions import MissingOptionalDependencyError

__all__ = ["import_optional"]


def import_optional(module: str, extra: str, *, feature: str | None = None) -> ModuleType:
    """Return the module ``module``, or raise naming ``climatelimits[extra]``.

    Parameters
    ----------
    module
        Module to import, e.g. ``"pandas"`` or ``"pyarrow.parquet"``.
    extra
        The climatelimits extra that installs it, e.g. ``"pandas"`` or ``"arrow"``.
    feature
        What needs it, for the message (default: the module).

    Raises
    ------
    MissingOptionalDependencyError
        If the module cannot be imported.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        package = module.split(".", 1)[0]
        requirement = f"{package} (pip install 'climatelimits[{extra}]')"
        raise MissingOptionalDependencyError(feature or module, requirement) from exc
