"""Auth views: sign in, sign out (POST), accept an invite, reset a password, the privacy notice."""

from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext
from flask_babel import refresh
from flask_login import current_user
from flask_login import login_user
from flask_login import logout_user

from portal.auth import bp
from portal.auth import device_cookie
from portal.auth.forms import LoginForm
from portal.auth.forms import SetPasswordForm
from portal.auth.guards import access
from portal.auth.guards import safe_next
from portal.extensions import csrf
from portal.extensions import login_manager
from portal.i18n import browser_language
from portal.i18n import use_for_this_page
from portal.services.accounts import users
from portal.services.errors import NotFound
from portal.services.errors import ServiceError
from portal.services.errors import Throttled
from portal.services.mail import notices
from portal.web import caller_address
from portal.web import error_text
from portal.web import secret_key
from portal.web import signed_in_user


@login_manager.user_loader
def _load_user(session_id: str):
    return users.load_session_user(session_id)


def home_for(user) -> str:
    """Where a signed-in user starts."""
    if user.is_recruiter:
        return url_for("recruiter.board")
    return url_for("candidate.home")


@bp.get("/")
@access("anonymous")
def index():
    """Send visitors to sign-in and users to their own start page."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
@access("anonymous")
def login():
    """Sign in with email and password; throttled per account-and-address and per
    address, slowed down per account, except for a browser that signed in to the account
    before (its device cookie; see users.authenticate)."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(home_for(current_user))
    form = LoginForm()
    status = 200
    headers: dict[str, str] = {}
    if form.validate_on_submit():
        cfg = current_app.config
        known = device_cookie.known_devices(current_app, request)
        try:
            user = users.authenticate(
                email=form.email.data,
                password=form.password.data,
                address=caller_address(),
                account_limit=cfg["LOGIN_FAILURES_PER_ACCOUNT"],
                address_limit=cfg["LOGIN_FAILURES_PER_ADDRESS"],
                window=cfg["LOGIN_WINDOW_SECONDS"],
                slowdown_cap=cfg["LOGIN_SLOWDOWN_CAP_SECONDS"],
                known_devices=known,
            )
        except Throttled as exc:
            form.form_errors.append(error_text(exc))
            status = 429
            headers["Retry-After"] = str(exc.retry_after)
        except ServiceError as exc:
            form.form_errors.append(error_text(exc))
            status = 401
        else:
            login_user(user)
            users.adopt_browser_zone(user=user, zone=request.form.get("browser_zone", ""))
            response = redirect(safe_next(request.args.get("next"), home_for(user)))
            device_cookie.remember(current_app, response, known=known, user_id=user.id)
            return response
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status, headers


@bp.post("/logout")
@access("anonymous")
def logout():
    """Sign out here and everywhere else (copied cookies included)."""
    if current_user.is_authenticated:
        users.end_all_sessions(user=signed_in_user())
        logout_user()
    flash(gettext("You are signed out."), "info")
    response = redirect(url_for("auth.login"))
    # A shared phone keeps no signed-in page in its cache (Back shows nothing).
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


def _one_time_page(purpose: str, token: str):
    """Shared body of the invite and reset pages: GET shows, only POST spends the token."""
    try:
        found = users.find_token(raw=token, purpose=purpose)
    except NotFound:
        return render_template("auth/link_gone.html", purpose=purpose), 404
    form = SetPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = users.spend_token(raw=token, purpose=purpose, password=form.password.data or "")
        except NotFound:
            return render_template("auth/link_gone.html", purpose=purpose), 404
        except ServiceError as exc:
            form.password.errors = [*form.password.errors, error_text(exc)]
            status = 400
        else:
            logout_user()
            login_user(user)
            users.adopt_browser_zone(user=user, zone=request.form.get("browser_zone", ""))
            if purpose == "invite" and not user.language:
                # Their pages and emails start in their browser's language; the account
                # page changes it.
                users.set_language(user=user, language=browser_language())
            refresh()  # the page after this one speaks the user's language
            # The link proved the owner: this browser is known from now on.
            response = redirect(home_for(user))
            device_cookie.remember(
                current_app,
                response,
                known=device_cookie.known_devices(current_app, request),
                user_id=user.id,
            )
            flash(
                gettext("Your password is set. Welcome to Debrief.")
                if purpose == "invite"
                else gettext("Your password is changed."),
                "success",
            )
            return response
    elif form.is_submitted():
        status = 400
    return render_template(
        "auth/set_password.html", form=form, purpose=purpose, person=found.user
    ), status


@bp.route("/invite/<token>", methods=["GET", "POST"])
@access("anonymous")
def accept_invite(token: str):
    """Accept an invite: choose a password. Opening the link alone changes nothing."""
    return _one_time_page("invite", token)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@access("anonymous")
def reset_password(token: str):
    """Reset a password from a link a recruiter issued."""
    return _one_time_page("reset", token)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@access("anonymous")
# Exempt from CSRF on purpose (reviewed): one-click unsubscribe (RFC 8058) posts from a
# mail client, with no session; the signed token in the address is the proof, and all a
# forged post could do is turn reminders off for the person the token names.
@csrf.exempt  # nosemgrep: csrf-exempt-needs-review -- sound: see the comment above
def unsubscribe(token: str):
    """Stop reminder emails: GET asks to confirm, POST (one click, or the button) does it.

    Mail scanners open links, so a GET changes nothing. Account and interview emails
    still come: they are not reminders.
    """
    secret = secret_key()
    try:
        if request.method == "POST":
            person = notices.unsubscribe(token=token, secret=secret)
        else:
            person = notices.user_for_unsubscribe(token=token, secret=secret)
    except NotFound:
        return render_template("auth/unsubscribe.html", person=None, done=False), 404
    use_for_this_page(person.language)  # the page their emails came in
    return render_template(
        "auth/unsubscribe.html", person=person, done=request.method == "POST", token=token
    )


@bp.get("/privacy")
@access("anonymous")
def privacy():
    """The privacy notice: what is kept about candidates, why, who sees it, for how long."""
    cfg = current_app.config
    return render_template(
        "auth/privacy.html",
        contact=cfg["PRIVACY_CONTACT"] or cfg["AGENCY_EMAIL"],
        retention_days=int(cfg["RETENTION_DAYS"]),
        grace_days=int(cfg["RETENTION_GRACE_DAYS"]),
        backup_days=int(cfg["BACKUP_DAYS"]),
    )
