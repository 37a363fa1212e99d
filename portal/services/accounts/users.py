"""Accounts: users, passwords, one-time links (invite, reset), sign-in throttling, sessions.

Passwords are hashed with argon2id (argon2-cffi's defaults; the cheapest
parameters only under test, see `use_test_hashing`). One-time tokens are random, stored only
as a SHA-256 hash, expire, and are spent by a single POST.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2 import profiles
from argon2.exceptions import InvalidHashError
from argon2.exceptions import VerificationError
from peewee import IntegrityError

from portal.db import Prepared
from portal.db import database
from portal.db import param
from portal.models import TOKEN_PURPOSES
from portal.models import OneTimeToken
from portal.models import SiteVersion
from portal.models import User
from portal.models import utcnow
from portal.services import clock
from portal.services import vocabulary
from portal.services.accounts import audit
from portal.services.accounts import throttle
from portal.services.errors import Conflict
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.errors import Throttled
from portal.services.mail import notices
from portal.services.vocabulary import N_

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
_parameters = profiles.get_default_parameters()
_hasher = PasswordHasher.from_parameters(_parameters)
# Verifying against this keeps an unknown email as slow as a wrong password,
# so response time does not reveal which addresses have accounts.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def use_test_hashing(testing: bool) -> None:
    """Hash with argon2's cheapest parameters when `testing`, with its defaults otherwise.

    Called by the app factory with the TESTING flag: a test suite signs in
    hundreds of times, and each sign-in with the real parameters costs about
    170 ms of CPU. A hash made under test is upgraded at its next sign-in
    outside test mode (`verify_password` rehashes when parameters differ).
    """
    global _parameters, _hasher, _DUMMY_HASH
    wanted = profiles.CHEAPEST if testing else profiles.get_default_parameters()
    if wanted != _parameters:
        _parameters, _hasher = wanted, PasswordHasher.from_parameters(wanted)
        _DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def hashing_parameters() -> profiles.Parameters:
    """The argon2 parameters new password hashes are made with."""
    return _parameters


class InvalidCredentials(ServiceError):
    """Email or password wrong (we never say which)."""


def normalize_email(email: str) -> str:
    """Emails are compared ignoring case and surrounding spaces."""
    return (email or "").strip().lower()


def hash_token(raw: str) -> str:
    """SHA-256 hex of a raw token: what the database keeps instead of the token."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(line.strip().lower() for line in path.read_text().splitlines() if line)


def password_problem(password: str, *, email: str = "", field: str = "password") -> str:
    """Why `password` is not acceptable, or "" when it is. No composition rules."""
    problem = _password_error(password, email=email, field=field)
    return problem.message if problem else ""


def _password_error(password: str, *, email: str, field: str) -> ServiceError | None:
    """What `password_problem` says, as the error to raise (its words for the catalog)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return ServiceError("Use at least %(n)s characters.", field=field, n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return ServiceError("Use at most %(n)s characters.", field=field, n=MAX_PASSWORD_LENGTH)
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(password)) < 3:
        return ServiceError(
            "That password is too common. Try a short phrase of a few words.", field=field
        )
    if email and lowered == normalize_email(email):
        return ServiceError("Do not use your email address as your password.", field=field)
    return None


def hash_password(password: str) -> str:
    """argon2id hash of `password`."""
    return _hasher.hash(password)


# How an account stands, in the words every recruiter page uses.
ACCOUNT_STATES = {
    "active": N_("Active"),
    "invited": N_("Invited, no password yet"),
    "deactivated": N_("Deactivated"),
}


def account_state(user: User) -> str:
    """How an account stands, in words: deactivated, active, or invited without a password yet."""
    if not user.active:
        return ACCOUNT_STATES["deactivated"]
    return ACCOUNT_STATES["active" if user.password_hash else "invited"]


def verify_password(user: User | None, password: str) -> bool:
    """True when `password` matches; rehashes transparently when parameters changed."""
    stored = user.password_hash if user is not None else None
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    if user is None or stored is None:
        return False
    if _hasher.check_needs_rehash(stored):
        user.password_hash = _hasher.hash(password)
        user.save(only=[User.password_hash])
    return True


def create_user(
    *, role: str, email: str, name: str, phone: str = "", invited_by: User | None = None
) -> User:
    """Make an account without a password (it is set through a one-time link)."""
    if role not in ("recruiter", "candidate"):
        raise ServiceError("Unknown role.")
    email = normalize_email(email)
    try:
        with database.atomic():
            return User.create(
                role=role,
                email=email,
                name=name.strip(),
                phone=phone.strip(),
                invited_by=invited_by,
            )
    except IntegrityError as exc:
        raise Conflict("An account with this email already exists.", field="email") from exc


def issue_token(
    *,
    user: User,
    purpose: str,
    hours: int,
    created_by: User | None = None,
    address: str = "",
) -> str:
    """Make a one-time token for `user`; return the raw token (shown once, never stored).

    Earlier unused tokens of the same purpose stop working: only the newest link counts.
    """
    if purpose not in TOKEN_PURPOSES:
        raise ServiceError("Unknown token purpose.")
    if user.erased_at is not None:
        raise NotFound("This account was erased.")
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    with database.atomic():
        OneTimeToken.update(used_at=now).where(
            (OneTimeToken.user == user)
            & (OneTimeToken.purpose == purpose)
            & OneTimeToken.used_at.is_null()
        ).execute()
        token = OneTimeToken.create(
            token_hash=hash_token(raw),
            user=user,
            purpose=purpose,
            expires_at=now + dt.timedelta(hours=hours),
            created_by=created_by,
        )
        # The link goes by email too, in the same transaction (the recruiter may still copy
        # it). The email gets a token of its own when it is written (`mail_token`).
        notices.one_time_link(user=user, purpose=purpose, token_id=token.id)
        # Who made a link for whom is audited; the token itself never is.
        audit.record(created_by, f"{purpose}.issued", user, address=address)
    return raw


def invite_candidate(
    *, email: str, name: str, phone: str, by: User, hours: int, address: str = ""
) -> tuple[User, str]:
    """Make a candidate account and its one-time invite link, together or not at all."""
    with database.atomic():
        user = create_user(role="candidate", email=email, name=name, phone=phone, invited_by=by)
        return user, issue_token(
            user=user, purpose="invite", hours=hours, created_by=by, address=address
        )


def find_token(*, raw: str, purpose: str, now: dt.datetime | None = None) -> OneTimeToken:
    """The live token for `raw`, or NotFound when unknown, used, expired or its user inactive."""
    now = now or utcnow()
    if not raw or len(raw) > 100:
        raise NotFound("This link is not valid any more.")
    digest = hash_token(raw)
    token = (
        OneTimeToken.select(OneTimeToken, User)
        .join(User)
        .where(
            ((OneTimeToken.token_hash == digest) | (OneTimeToken.mailed_hash == digest))
            & (OneTimeToken.purpose == purpose)
        )
        .first()
    )
    if (
        token is None
        or token.used_at is not None
        or token.expires_at <= now
        or not token.user.active
    ):
        raise NotFound("This link is not valid any more.")
    return token


def mail_token(*, token_id: int, now: dt.datetime | None = None) -> tuple[OneTimeToken, str]:
    """A token for the email of one-time link `token_id`, made as the email is written.

    The outbox keeps no token (a copy of the database must not be a way in): the mail
    worker asks for one here and puts it in the email; only its hash is kept. The link
    the recruiter was shown (`issue_token`) keeps working; of the two, the first used
    spends the link. Each call replaces the emailed token, so of an email written twice
    only the latest carries a working link. NotFound when the link is used, replaced by
    a newer one, expired, or its user inactive.
    """
    now = now or utcnow()
    raw = secrets.token_urlsafe(32)
    with database.atomic():
        token = (
            OneTimeToken.select(OneTimeToken, User)
            .join(User)
            .where(OneTimeToken.id == token_id)
            .first()
        )
        if token is None or token.used_at is not None or token.expires_at <= now:
            raise NotFound("This link is not valid any more.")
        if not token.user.active:
            raise NotFound("This link is not valid any more.")
        OneTimeToken.update(mailed_hash=hash_token(raw)).where(
            OneTimeToken.id == token_id
        ).execute()
    return token, raw


def spend_token(*, raw: str, purpose: str, password: str) -> User:
    """Use a one-time token to set a password; the token can never be used again."""
    problem = _password_error(password, email="", field="password")
    if problem:
        raise problem
    now = utcnow()
    with database.atomic():
        token = find_token(raw=raw, purpose=purpose, now=now)
        # The conditional update makes a race between two POSTs spend it once.
        spent = (
            OneTimeToken.update(used_at=now)
            .where((OneTimeToken.id == token.id) & OneTimeToken.used_at.is_null())
            .execute()
        )
        if spent != 1:
            raise NotFound("This link is not valid any more.")
        user = token.user
        problem = _password_error(password, email=user.email, field="password")
        if problem:
            raise problem
        user.password_hash = hash_password(password)
        user.session_version += 1
        user.save()
        # A reset always works: the new password signs in at once, whatever
        # someone else's guessing had counted against the account.
        throttle.clear(key=_account_key(user.email))
        throttle.clear_prefix(prefix=_pair_key(user.email, ""))
        audit.record(user, f"{purpose}.used", user)
    return user


def _email_digest(email: str) -> str:
    # Throttle keys never hold an address in clear.
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def _account_key(email: str) -> str:
    return f"login:acct:{_email_digest(email)}"


def _pair_key(email: str, address: str) -> str:
    return f"login:pair:{_email_digest(email)}:{address}"


def _wait(wait: int) -> tuple[tuple[str, dict[str, int]], ...]:
    """How long to wait, as the sentence a Throttled error adds (words for the catalog)."""
    if wait < 60:
        if wait == 1:
            return ((N_("Wait 1 second and try again."), {}),)
        return ((N_("Wait %(n)s seconds and try again."), {"n": wait}),)
    minutes = (wait + 59) // 60
    if minutes == 1:
        return ((N_("Wait 1 minute and try again."), {}),)
    return ((N_("Wait %(n)s minutes and try again."), {"n": minutes}),)


def throttle_keys_of(email: str) -> tuple[str, str]:
    """The sign-in throttle keys that single out one account: its own key, and the
    prefix of its per-address keys (erasure deletes the rows under both)."""
    email = normalize_email(email)
    return _account_key(email), _pair_key(email, "")


def authenticate(
    *,
    email: str,
    password: str,
    address: str,
    account_limit: int,
    address_limit: int,
    window: int,
    slowdown_cap: int = 60,
    known_devices: Mapping[int, str] | None = None,
) -> User:
    """Sign-in check, throttled so that guessing is slow and the owner is never locked out.

    From a browser not known for this account:

    - one account from one address: `account_limit` wrong tries per `window`, then wait;
    - one address, any accounts: `address_limit` wrong tries per `window`, then wait;
    - one account from anywhere: past `account_limit` wrong tries, each next try waits
      twice as long as the last, up to `slowdown_cap` seconds (a slow-down, not a lock).

    From a browser that signed in to this account before (`known_devices`, {user id:
    nonce}, from its signed device cookie): only that device's own count applies,
    `account_limit` wrong tries per `window`; past it, the browser is treated as
    unknown. Guessing elsewhere can then slow the account down but never keep its
    owner out (OWASP's device cookie pattern).

    Each try is counted before the password is checked (atomically, so a burst of
    parallel tries gets no more than the limits) and uncounted when it is right.
    Raises Throttled when a rule says wait (the password is not checked then),
    InvalidCredentials on a wrong email or password.
    """
    email = normalize_email(email)
    account_key = _account_key(email)
    pair_key = _pair_key(email, address)
    user = User.get_or_none(User.email == email)
    nonce = (known_devices or {}).get(user.id) if user is not None else None
    device_key = f"login:device:{user.id}:{nonce}" if user is not None and nonce else ""
    taken = None
    if device_key:
        taken = throttle.take(throttle.Limit(device_key, account_limit, window))
        if taken.wait:  # past its own failures: no longer trusted, treated as unknown
            device_key, taken = "", None
    if taken is None:
        taken = throttle.take(
            throttle.Limit(pair_key, account_limit, window),
            throttle.Limit(f"login:addr:{address}", address_limit, window),
            throttle.Backoff(account_key, free=account_limit, window=window, cap=slowdown_cap),
        )
    if taken.wait:
        raise Throttled(
            "Too many sign-in attempts. A recruiter can also send you a password reset link.",
            retry_after=taken.wait,
            more=_wait(taken.wait),
        )
    # Verified first and always: an unknown email costs as much as a wrong password.
    verified = verify_password(user, password)
    if user is None or not verified or not user.active:
        raise InvalidCredentials(N_("Email or password is not right."))
    with database.atomic():
        throttle.give_back(ids=taken.ids)
        for key in (account_key, pair_key, device_key):
            if key:
                throttle.clear(key=key)
        user.last_login_at = utcnow()
        user.save(only=[User.last_login_at])
        audit.record(user, "sign_in", user, address=address)
    return user


def adopt_browser_zone(*, user: User, zone: str, now: dt.datetime | None = None) -> bool:
    """Take the zone `user`'s browser reported, if they have none yet; True when taken.

    A zone set before (from a browser, or chosen on the account page) is theirs: a
    sign-in from a laptop in another zone does not move it.
    """
    if user.time_zone_set_at is not None or not clock.is_zone(zone or ""):
        return False
    now = now or utcnow()
    with database.atomic():
        taken = (
            User.update(time_zone=zone, time_zone_set_at=now)
            .where((User.id == user.id) & User.time_zone_set_at.is_null())
            .execute()
        )
    if taken:
        user.time_zone, user.time_zone_set_at = zone, now
    return bool(taken)


# Every signed-in request runs this one: prepared. The site version comes along (one
# query, not two): candidate pages' ETags are built from it and the user's own pages
# version (portal.http_cache).
_session_user = Prepared(
    lambda: (
        User.select(User, SiteVersion.current().alias("site_version"))
        .where(User.id == param("user_id"))
        .limit(1)
    )
)


def load_session_user(session_id: str) -> User | None:
    """The user a session cookie names, if its session version is still current."""
    try:
        user_id, version = (int(part) for part in session_id.split(":", 1))
    except (ValueError, AttributeError):
        return None
    user = _session_user.first(user_id=user_id)
    if user is None or user.session_version != version or not user.active:
        return None
    return user


def end_all_sessions(*, user: User) -> None:
    """Invalidate every session of `user`, copied cookies included."""
    User.update(session_version=User.session_version + 1).where(User.id == user.id).execute()
    user.session_version += 1


def confirm_password(
    *,
    user: User,
    password: str,
    field: str,
    wrong: str,
    limit: int = 5,
    window: int = 15 * 60,
) -> None:
    """Check a signed-in user's own password before a grave step (a new password, erasure).

    A stolen session must not become a way to guess the password: `limit` tries per
    `window`, over every form that asks, counted like sign-ins (a right one is
    uncounted). Raises Throttled past the limit (the password is not checked then),
    ServiceError(`wrong`, field=`field`) when it is not right.
    """
    taken = throttle.take(throttle.Limit(f"password:user:{user.id}", limit, window))
    if taken.wait:
        raise Throttled(
            "Too many tries of your current password.",
            retry_after=taken.wait,
            more=_wait(taken.wait),
        )
    if not verify_password(user, password):
        raise ServiceError(wrong, field=field)
    throttle.give_back(ids=taken.ids)


def set_language(*, user: User, language: str) -> None:
    """Set the language `user` reads pages and emails in (one of vocabulary.LANGUAGES)."""
    if language not in vocabulary.LANGUAGES:
        raise ServiceError("Choose a language from the list.", field="language")
    user.language = language
    User.update(language=language).where(User.id == user.id).execute()


def change_password(
    *, user: User, current: str, new: str, limit: int = 5, window: int = 15 * 60
) -> None:
    """Change a password after checking the current one (throttled, see `confirm_password`);
    ends other sessions."""
    confirm_password(
        user=user,
        password=current,
        field="current_password",
        wrong=N_("Your current password is not right."),
        limit=limit,
        window=window,
    )
    problem = _password_error(new, email=user.email, field="new_password")
    if problem:
        raise problem
    with database.atomic():
        user.password_hash = hash_password(new)
        user.session_version += 1
        user.save(only=[User.password_hash, User.session_version])
        audit.record(user, "password.changed", user)


def set_active(*, user: User, active: bool, by: User) -> None:
    """Deactivate (ending every session) or reactivate an account (not an erased one)."""
    if active and user.erased_at is not None:
        raise NotFound("This account was erased.")
    with database.atomic():
        user.active = active
        if not active:
            user.session_version += 1
        user.save(only=[User.active, User.session_version])
        audit.record(by, "user.reactivated" if active else "user.deactivated", user)
