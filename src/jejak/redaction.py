"""Secrets out of URIs before they are shown or stored: reports, the catalog and error messages."""

from __future__ import annotations

import re

_USERINFO_PASSWORD = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@")


def mask_password(uri: str) -> str:
    """`scheme://user:secret@host/...` -> `scheme://user:***@host/...`; anything else unchanged.

    Used wherever a URI is shown that no connector has vouched for (an unsupported scheme, a malformed
    catalog URL), so such a URL cannot leak its password into an error, a report or the catalog.
    """
    return _USERINFO_PASSWORD.sub(r"\1:***@", uri, count=1)
