"""Find the connector for a URI among everything registered under the `jejak.connectors` entry points.

Built-in connectors are registered the same way as third-party ones (in jejak's own pyproject.toml), so
there is no hand-kept list to forget to update.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

from pydantic import ValidationError

from jejak.connectors.base import Connector, ConnectorSettings
from jejak.errors import ConfigError, UsageError
from jejak.redaction import mask_password

ENTRY_POINT_GROUP = "jejak.connectors"


@dataclass
class ConnectorRegistry:
    """Loaded connector classes by entry-point name; instances are created on first use and reused."""

    classes: dict[str, type[Connector]]
    #: Validated settings by connector name (`connectors:` in the config); missing names get defaults.
    settings: dict[str, ConnectorSettings] = field(default_factory=dict)
    _instances: dict[str, Connector] = field(default_factory=dict)

    @classmethod
    def from_entry_points(cls, settings: Mapping[str, Mapping[str, Any]] | None = None) -> ConnectorRegistry:
        """Every installed connector, with `settings` (the config's `connectors:` mapping) validated by
        each connector's own `Settings` model up front: a bad key fails the command before any listing."""
        classes: dict[str, type[Connector]] = {}
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            loaded = ep.load()
            if not (isinstance(loaded, type) and issubclass(loaded, Connector)):
                raise UsageError(
                    f"entry point {ep.name!r} in group {ENTRY_POINT_GROUP} is not a jejak Connector subclass"
                )
            classes[ep.name] = loaded
        validated: dict[str, ConnectorSettings] = {}
        for name, raw in (settings or {}).items():
            if name not in classes:
                known = ", ".join(sorted(classes))
                raise ConfigError(f"connectors.{name}: no connector of that name is installed ({known} are)")
            try:
                validated[name] = classes[name].Settings.model_validate(dict(raw))
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(part) for part in first["loc"])
                message = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
                raise ConfigError(f"connectors.{name}.{where}: {message}") from exc
        return cls(classes, validated)

    def for_uri(self, uri: str) -> tuple[str, Connector]:
        for name, klass in sorted(self.classes.items()):
            if klass.handles(uri):
                if name not in self._instances:
                    self._instances[name] = klass(self.settings.get(name))
                return name, self._instances[name]
        known = ", ".join(sorted({s or "<path>" for k in self.classes.values() for s in k.schemes}))
        raise UsageError(
            f"no connector handles {mask_password(uri)!r} (known schemes: {known}); "
            "install a connector plugin"
        )
