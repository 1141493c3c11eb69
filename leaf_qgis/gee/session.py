"""Connecting to Earth Engine and explaining its failures in one sentence.

Credentials are earthengine-api's own: a service-account key file (JSON) when one is set, otherwise the
user credentials stored by `earthengine authenticate` (or Google's application-default credentials). The Cloud
project is required. Failed requests on 429 and 5xx are retried by earthengine-api's HTTP layer with
exponential backoff (`RETRIES` times); what still fails reaches the user through `explain`.

Every network step has an overall deadline (engine.deadlines; scaled by $LEAF_QGIS_NETWORK_DEADLINE_SCALE)
and a sentence naming the endpoint that did not answer: the Google sign-in (the credentials' token URI) first,
then Earth Engine's own endpoint for the session and for each request.
"""

import os
import re
from typing import Callable, Optional, TypeVar

from ..deps import earthengine_credentials
from ..engine.deadlines import call_with_deadline, deadline
from ..engine.errors import LeafError
from . import require_ee

ENV_URL = "LEAF_QGIS_EE_URL"       # another Earth Engine REST endpoint (tests serve one on 127.0.0.1)
DEFAULT_URL = "https://earthengine.googleapis.com"
RETRIES = 5                         # per request, on 429 / 5xx, with exponential backoff (googleapiclient)
SIGN_IN_SECONDS = 60.0              # the token exchange with Google's sign-in endpoint
REQUEST_SECONDS = 300.0             # one Earth Engine request, its retries included
T = TypeVar("T")
_endpoint = DEFAULT_URL             # the Earth Engine endpoint of the current session (named in messages)


def endpoint() -> str:
    return _endpoint

_QUOTA = re.compile(r"quota|too many|rate limit|resource[_ ]exhausted|capacity|concurrent", re.I)
_UNREGISTERED = re.compile(r"not registered|not signed up|has not been used in project|is disabled|"
                           r"serviceusage|does not have required permission to use project|caller does not have "
                           r"permission|permission[_ ]denied", re.I)
_AUTH = re.compile(r"unauthenticated|invalid authentication|invalid_grant|invalid credentials|"
                   r"token has been expired|revoked|invalid jwt|unauthorized_client|refresh the access token", re.I)
_UNREACHABLE = re.compile(r"failed to establish a new connection|connection refused|max retries exceeded|"
                          r"name or service not known|temporary failure in name resolution|timed out|"
                          r"connection reset|network is unreachable", re.I)
_TOO_LARGE = re.compile(r"request (payload )?size|too large|must be less than or equal to|too many pixels|"
                        r"user memory limit|exceeds", re.I)


def request_too_large(error: Exception) -> bool:
    """True when Earth Engine refused a request for its size (the download then splits the tile)."""
    return bool(_TOO_LARGE.search(str(error)))


def explain(error: Exception, project: str = "") -> LeafError:
    """One sentence, with the fix, for an Earth Engine failure (credentials, project, quota, other)."""
    text = " ".join(str(error).split()) or error.__class__.__name__
    if len(text) > 300:
        text = text[:297] + "..."
    if _UNREACHABLE.search(text):
        reason = next((m.group(0) for m in [_UNREACHABLE.search(text.split("Caused by")[-1])] if m), "")
        return LeafError("Earth Engine could not be reached (%s); check the network connection and the proxy "
                         "settings, then retry." % (reason.lower() or "no connection"))
    if _AUTH.search(text):
        return LeafError("Earth Engine did not accept the credentials (%s); run 'earthengine authenticate' again or "
                         "choose a valid service-account key in the LEAF settings." % text)
    if _QUOTA.search(text):
        return LeafError("Earth Engine refused the request because a quota or rate limit of project %s was reached "
                         "(%s); wait a few minutes and retry, or use a smaller area or an export task."
                         % (project or "(none)", text))
    if _UNREGISTERED.search(text):
        return LeafError("The Cloud project %s cannot use Earth Engine (%s); register it for Earth Engine and enable "
                         "the Earth Engine API at console.cloud.google.com, or set another project in the LEAF "
                         "settings." % (project or "(none)", text))
    return LeafError("Earth Engine failed: %s." % text.rstrip("."))


def credentials(key_file: str = ""):
    """earthengine-api credentials: the service-account key file when given, else the persistent user ones."""
    ee = require_ee()
    status = earthengine_credentials(key_file)
    if status.kind == "invalid":
        raise LeafError("The Earth Engine credentials %s cannot be used: %s." % (status.path, status.detail))
    if status.kind == "service_account":
        from google.oauth2 import service_account
        try:
            return service_account.Credentials.from_service_account_file(key_file, scopes=ee.oauth.SCOPES)
        except (ValueError, OSError) as e:
            raise LeafError("The service-account key %s cannot be used (%s)." % (key_file, e)) from None
    token_uri = getattr(ee.oauth, "TOKEN_URI", "https://oauth2.googleapis.com/token")
    try:   # earthengine-api may refresh the stored user credentials here: a sign-in request, with its deadline
        return call_with_deadline(ee.data.get_persistent_credentials, deadline(SIGN_IN_SECONDS), "sign-in",
                                  token_uri)
    except ee.EEException:
        raise LeafError("No Earth Engine credentials were found; run 'earthengine authenticate' once, or choose a "
                        "service-account key file in the LEAF settings.") from None
    except LeafError:
        raise
    except Exception as e:  # google.auth TransportError / RefreshError: offline, revoked
        raise explain(e) from None


def connect(project: str, key_file: str = "", url: Optional[str] = None, creds=None):
    """Initialise earthengine-api for `project` (Cloud project id) and return the `ee` module.

    `url` (or $LEAF_QGIS_EE_URL) replaces Google's endpoint; `creds` replaces the credentials lookup.
    """
    ee = require_ee()
    project = (project or "").strip()
    if not project:
        raise LeafError("No Google Cloud project is set for Earth Engine; give EE_PROJECT or set the project in the "
                        "LEAF settings (it must be registered for Earth Engine).")
    global _endpoint
    creds = creds if creds is not None else credentials(key_file)
    url = url or os.environ.get(ENV_URL) or None
    _endpoint = url or DEFAULT_URL
    sign_in(creds, project)

    def initialize():
        ee.Reset()   # forget an earlier session's state: Initialize then checks these credentials and this project
        ee.Initialize(credentials=creds, url=url, project=project)
    try:
        call_with_deadline(initialize, deadline(REQUEST_SECONDS), "earthengine", _endpoint)
    except LeafError:
        raise
    except Exception as e:  # EEException, google.auth errors (refresh), HTTP errors
        raise explain(e, project) from None
    ee.data.setMaxRetries(RETRIES)
    ee.data.setDeadline(int(1000 * deadline(REQUEST_SECONDS)))
    return ee


def sign_in(creds, project: str = ""):
    """Get an access token for `creds` now, within a deadline naming the sign-in endpoint (credentials that
    hold a valid token, or that cannot refresh themselves, are left as they are)."""
    token_uri = getattr(creds, "token_uri", None) or getattr(creds, "_token_uri", None)
    if not token_uri or getattr(creds, "valid", False) or not callable(getattr(creds, "refresh", None)):
        return
    import google.auth.transport.requests

    def refresh():
        creds.refresh(google.auth.transport.requests.Request())
    try:
        call_with_deadline(refresh, deadline(SIGN_IN_SECONDS), "sign-in", token_uri)
    except LeafError:
        raise
    except Exception as e:  # google.auth.exceptions.RefreshError / TransportError
        raise explain(e, project) from None


def call(fn: Callable[[], T], project: str = "", seconds: float = REQUEST_SECONDS,
         is_canceled: Callable[[], bool] = lambda: False) -> T:
    """Run an Earth Engine request within an overall deadline of `seconds` (scaled); its failure becomes one
    sentence (retries already happened below)."""
    ee = require_ee()
    try:
        return call_with_deadline(fn, deadline(seconds), "earthengine", _endpoint, is_canceled)
    except LeafError:
        raise
    except (ee.EEException, OSError) as e:
        raise explain(e, project) from None
    except Exception as e:
        if e.__class__.__module__.startswith(("google.", "googleapiclient", "httplib2")):
            raise explain(e, project) from None
        raise
