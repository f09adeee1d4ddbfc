"""An agency's Python software signing people in through Mandat, with Authlib (issue 20).

Driven by oidc_authlib.rs, which plays the person's browser: this script prints a line
`AUTHORIZE <url>` and reads back the address Mandat sent the browser to; then `ROTATE` and
waits until Mandat's signing key has rotated; then `LOGOUT <url>` and reads back where the
person was sent after signing out. It checks everything an agency's client would, and prints
`CLAIMS <json>` (what it learned) and `DONE`. Any failure raises, with a non-zero exit.

Environment: MANDAT_ISSUER, MANDAT_CLIENT_ID, MANDAT_CLIENT_SECRET, MANDAT_REDIRECT_URI,
MANDAT_LOGOUT_URI, MANDAT_NOW (the server's moment, in seconds: its clock is the test's).
"""

import json
import os
import sys
from urllib.parse import parse_qs, urlencode, urlparse

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, JsonWebToken
from authlib.oidc.core import CodeIDToken

issuer = os.environ["MANDAT_ISSUER"]
client_id = os.environ["MANDAT_CLIENT_ID"]
secret = os.environ["MANDAT_CLIENT_SECRET"]
redirect_uri = os.environ["MANDAT_REDIRECT_URI"]
logout_uri = os.environ["MANDAT_LOGOUT_URI"]
now = int(os.environ["MANDAT_NOW"])


def say(line):
    print(line, flush=True)


def hear():
    return sys.stdin.readline().strip()


def verified(id_token, nonce, jwks):
    """The ID token's claims, checked against the JWKS, the issuer, this client and the nonce."""
    jwt = JsonWebToken(["ES256"])
    claims = jwt.decode(
        id_token,
        JsonWebKey.import_key_set(jwks),
        claims_cls=CodeIDToken,
        claims_options={"iss": {"essential": True, "value": issuer}},
        claims_params={"nonce": nonce, "client_id": client_id},
    )
    claims.validate(now=now)
    return claims


metadata = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10).json()
assert metadata["issuer"] == issuer, metadata
assert "S256" in metadata["code_challenge_methods_supported"], metadata
jwks = requests.get(metadata["jwks_uri"], timeout=10).json()

session = OAuth2Session(
    client_id,
    secret,
    scope="openid profile email",
    redirect_uri=redirect_uri,
    token_endpoint_auth_method="client_secret_basic",
    code_challenge_method="S256",
)
verifier = generate_token(64)
nonce = generate_token(20)
url, state = session.create_authorization_url(
    metadata["authorization_endpoint"], code_verifier=verifier, nonce=nonce
)
say(f"AUTHORIZE {url}")
callback = hear()
returned = parse_qs(urlparse(callback).query)
assert returned["state"] == [state], returned
assert returned["iss"] == [issuer], returned

token = session.fetch_token(
    metadata["token_endpoint"],
    authorization_response=callback,
    code_verifier=verifier,
)
claims = verified(token["id_token"], nonce, jwks)
userinfo = session.get(metadata["userinfo_endpoint"], timeout=10).json()
assert userinfo["sub"] == claims["sub"], (userinfo, claims)
assert userinfo["mandat"] == claims["mandat"], (userinfo, claims)

refreshed = session.refresh_token(metadata["token_endpoint"], refresh_token=token["refresh_token"])
assert refreshed["refresh_token"] != token["refresh_token"], "a refresh token rotates"
assert verified(refreshed["id_token"], nonce, jwks)["sub"] == claims["sub"]
say("ROTATE")
assert hear() == "rotated"
jwks = requests.get(metadata["jwks_uri"], timeout=10).json()
assert len(jwks["keys"]) == 2, jwks
verified(token["id_token"], nonce, jwks)  # signed by the old key, still published

query = urlencode(
    {
        "id_token_hint": token["id_token"],
        "post_logout_redirect_uri": logout_uri,
        "state": "au-revoir",
    }
)
say(f"LOGOUT {metadata['end_session_endpoint']}?{query}")
after = parse_qs(urlparse(hear()).query)
assert after["state"] == ["au-revoir"], after
ended = requests.post(
    metadata["token_endpoint"],
    data={"grant_type": "refresh_token", "refresh_token": refreshed["refresh_token"]},
    auth=(client_id, secret),
    timeout=10,
)
assert ended.status_code == 400 and ended.json()["error"] == "invalid_grant", ended.text

say("CLAIMS " + json.dumps({"sub": claims["sub"], "email": claims.get("email"), "mandat": claims["mandat"]}))
say("DONE")
