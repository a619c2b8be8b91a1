"""Content-Security-Policy helpers that the settings can import (no Django import here)."""

import base64
import hashlib


def empreinte_csp(source: str) -> str:
    """The CSP source expression that allows exactly this inline code: "'sha256-…'"."""
    return "'sha256-{}'".format(base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii"))
