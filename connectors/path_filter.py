"""Include/exclude globs over paths relative to a listing root, shared by every connector that lists keys
or files (local disk, S3), so `--include 'raw/**'` means the same thing everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jejak.connectors.base import ListOptions


@dataclass(frozen=True)
class PathFilter:
    """Include/exclude globs over POSIX paths relative to the listing root.

    Globs follow gitignore habits, which users already know: `*` and `?` stay within one path
    segment, `**` spans segments (`**/*.tmp`, `raw/**`), and a pattern without a slash matches a name
    at any depth (`*.tmp`). A pattern matching a directory matches everything below it, so `raw`
    and `raw/**` both select the whole `raw` tree.
    """

    include: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]

    @classmethod
    def from_options(cls, options: ListOptions) -> PathFilter:
        return cls(
            tuple(compile_glob(pattern) for pattern in options.include),
            tuple(compile_glob(pattern) for pattern in options.exclude),
        )

    def accepts(self, relative: str) -> bool:
        included = not self.include or _matches(self.include, relative)
        return included and not _matches(self.exclude, relative)

    def excludes(self, relative_dir: str) -> bool:
        return any(pattern.fullmatch(relative_dir) for pattern in self.exclude)


def _matches(patterns: tuple[re.Pattern[str], ...], relative: str) -> bool:
    parts = relative.split("/")
    prefixes = ["/".join(parts[: end + 1]) for end in range(len(parts))]
    return any(pattern.fullmatch(prefix) for pattern in patterns for prefix in prefixes)


def compile_glob(pattern: str) -> re.Pattern[str]:
    """Translate one glob to a regex over relative POSIX paths (see `PathFilter` for the rules)."""
    glob = pattern.strip().lstrip("/").removeprefix("./")
    anywhere = "/" not in glob.rstrip("/")
    glob = glob.rstrip("/")
    if glob.endswith("/**"):
        glob = glob[:-3]  # "raw/**" is "raw and all below", which directory matching already means
    body = _translate(glob)
    return re.compile(f"(?:.*/)?{body}" if anywhere else body)


def _translate(glob: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[" and (close := glob.find("]", i + 2)) > 0:
            members = glob[i + 1 : close]
            negated = members.startswith("!")
            members = re.escape(members[1:] if negated else members).replace(r"\-", "-")
            out.append(f"[{'^' if negated else ''}{members}]")
            i = close + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)
