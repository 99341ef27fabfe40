"""The secrets and limits that keep the participants' page to the people on the call.

No aiohttp here: plain parts the routes combine, each testable with a fake clock.

- ``Invitation``: the join token (in every URL) and the short code read aloud; both
  replaced at once by ``rotate()`` and dead after ``close()``.
- ``CookieSigner``: the browser's signed cookie ("this browser is device D, joined as
  person P") and the per-cookie CSRF token, HMAC with a key made for this server only.
- ``ActLimiter`` and ``GuessThrottle``: how often one device may act, and how often one
  address may present a wrong token or code before it is refused for a while.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

#: Letters and digits nobody confuses when read aloud or typed from a shared screen
#: (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, G/6).
CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
#: 24 bytes = 192 bits (at least 128 asked): beyond guessing, even without the throttle.
TOKEN_BYTES = 24

Clock = Callable[[], float]


def normalize_code(typed: str) -> str:
    """The code as typed on a phone: any case, spaces or dashes between the letters."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")


class Invitation:
    """The join token and code of the devices invited now (one pair at a time)."""

    def __init__(self) -> None:
        self._token = ""
        self._code = ""
        self._open = False
        #: Digests of the tokens and codes rotated away: pages still using one are told
        #: the link is dead, but that is no guess (after a rotate every joined page asks
        #: once with the old token, and behind one tunnel they share an address).
        self._retired: set[bytes] = set()
        self.rotate()

    def _retire(self) -> None:
        for secret in (self._token, self._code):
            if secret:
                self._retired.add(hashlib.sha256(secret.encode()).digest())

    def rotate(self) -> None:
        """A new token and code; the previous ones stop working at once."""
        self._retire()
        self._token = secrets.token_urlsafe(TOKEN_BYTES)
        self._code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        self._open = True

    def close(self) -> None:
        """Nothing works any more, not even the current pair."""
        self._open = False
        self._retire()

    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def token(self) -> str:
        return self._token

    @property
    def code(self) -> str:
        return self._code

    def token_matches(self, given: str) -> bool:
        """Constant-time, so the time taken says nothing about how much of it was right."""
        return self._open and hmac.compare_digest(given.encode(), self._token.encode())

    def code_matches(self, typed: str) -> bool:
        given = normalize_code(typed)
        return self._open and hmac.compare_digest(given.encode(), self._code.encode())

    def was_valid(self, given: str) -> bool:
        """Whether ``given`` is a token or code of this server that was rotated away."""
        for candidate in (given, normalize_code(given)):
            if hashlib.sha256(candidate.encode()).digest() in self._retired:
                return True
        return False


@dataclass(frozen=True)
class Seat:
    """What a browser's cookie says: which device it is and as whom it joined.

    ``person`` is ``None`` before joining, ``ANONYMOUS`` after joining without a name,
    else a participant's id (valid only while the server's claims agree).
    """

    device: str
    person: str | None

    @property
    def joined(self) -> bool:
        return self.person is not None


#: The cookie's word for "joined without a name" (never a participant's id: ids are UUIDs).
ANONYMOUS = "-"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CookieSigner:
    """Signs and reads the browser's cookie, and derives its CSRF token.

    The key is random per server: a cookie from an earlier invitation (another run of
    the app) is worth nothing, and nothing is stored on disk.
    """

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key or secrets.token_bytes(32)

    def _mac(self, purpose: str, payload: bytes) -> str:
        return hmac.new(self._key, purpose.encode() + b"\0" + payload, hashlib.sha256).hexdigest()

    def new_seat(self) -> Seat:
        return Seat(device=secrets.token_urlsafe(16), person=None)

    def sign(self, seat: Seat) -> str:
        payload = f"{seat.device}\n{seat.person or ''}".encode()
        return f"{_b64(payload)}.{self._mac('seat', payload)}"

    def read(self, cookie: str | None) -> Seat | None:
        """The seat a cookie names, or ``None`` for a missing, altered or foreign one."""
        if not cookie or len(cookie) > 1024 or "." not in cookie:
            return None
        encoded, _, mac = cookie.rpartition(".")
        try:
            payload = _unb64(encoded)
        except ValueError:
            return None
        if not hmac.compare_digest(mac.encode(), self._mac("seat", payload).encode()):
            return None
        device, sep, person = payload.decode("utf-8", "replace").partition("\n")
        if not sep or not device:
            return None
        return Seat(device=device, person=person or None)

    def csrf_token(self, seat: Seat) -> str:
        """Tied to the device: another browser's token (or a page of another site) fails."""
        return self._mac("csrf", seat.device.encode())

    def csrf_matches(self, seat: Seat, given: str) -> bool:
        return hmac.compare_digest(given.encode(), self.csrf_token(seat).encode())


class _Windows:
    """Timestamps per key within a sliding window, with a bounded number of keys."""

    def __init__(self, window: float, clock: Clock, max_keys: int) -> None:
        self.window = window
        self._clock = clock
        self._max_keys = max_keys
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def count(self, key: str) -> int:
        hits = self._hits.get(key)
        if hits is None:
            return 0
        edge = self._clock() - self.window
        while hits and hits[0] <= edge:
            hits.popleft()
        return len(hits)

    def add(self, key: str) -> None:
        hits = self._hits.setdefault(key, deque())
        self._hits.move_to_end(key)
        hits.append(self._clock())
        # A flood of new keys (addresses, devices) must not grow memory without end.
        while len(self._hits) > self._max_keys:
            self._hits.popitem(last=False)


class ActLimiter:
    """At most ``limit`` acts (join, ballot, remark) per device in ``window`` seconds."""

    def __init__(
        self, limit: int = 10, window: float = 10.0, clock: Clock = time.monotonic
    ) -> None:
        self.limit = limit
        self._windows = _Windows(window, clock, max_keys=10_000)

    def allow(self, device: str) -> bool:
        """Counts the act when it is allowed; a refused one is not counted."""
        if self._windows.count(device) >= self.limit:
            return False
        self._windows.add(device)
        return True


class GuessThrottle:
    """Refuses an address that presented ``limit`` wrong tokens or codes within ``window``
    seconds, for ``block`` seconds. The code has only about 28 bits: this is what makes
    guessing it hopeless (5 tries a minute)."""

    def __init__(
        self,
        limit: int = 5,
        window: float = 60.0,
        block: float = 300.0,
        clock: Clock = time.monotonic,
    ) -> None:
        self.limit = limit
        self.block = block
        self._clock = clock
        self._failures = _Windows(window, clock, max_keys=10_000)
        self._blocked: dict[str, float] = {}

    def blocked(self, address: str) -> bool:
        until = self._blocked.get(address)
        if until is None:
            return False
        if self._clock() >= until:
            del self._blocked[address]
            return False
        return True

    def failed(self, address: str) -> None:
        self._failures.add(address)
        if self._failures.count(address) >= self.limit:
            self._blocked[address] = self._clock() + self.block
            if len(self._blocked) > 10_000:
                self._blocked.pop(next(iter(self._blocked)))


#: Headers on every response, errors included.
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
