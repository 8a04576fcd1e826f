"""Find the connector for a URI among everything registered under the `jejak.connectors` entry points.

Built-in connectors are registered the same way as third-party ones (in jejak's own pyproject.toml), so
there is no hand-kept list to forget to update.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import entry_points

from jejak.connectors.base import Connector
from jejak.errors import UsageError

ENTRY_POINT_GROUP = "jejak.connectors"


@dataclass
class ConnectorRegistry:
    """Loaded connector classes by entry-point name; instances are created on first use and reused."""

    classes: dict[str, type[Connector]]
    _instances: dict[str, Connector] = field(default_factory=dict)

    @classmethod
    def from_entry_points(cls) -> ConnectorRegistry:
        classes: dict[str, type[Connector]] = {}
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            loaded = ep.load()
            if not (isinstance(loaded, type) and issubclass(loaded, Connector)):
                raise UsageError(
                    f"entry point {ep.name!r} in group {ENTRY_POINT_GROUP} is not a jejak Connector subclass"
                )
            classes[ep.name] = loaded
        return cls(classes)

    def for_uri(self, uri: str) -> tuple[str, Connector]:
        for name, klass in sorted(self.classes.items()):
            if klass.handles(uri):
                if name not in self._instances:
                    self._instances[name] = klass()
                return name, self._instances[name]
        known = ", ".join(sorted({s or "<path>" for k in self.classes.values() for s in k.schemes}))
        raise UsageError(f"no connector handles {uri!r} (known schemes: {known}); install a connector plugin")
