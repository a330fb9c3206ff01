"""Security headers on every response: pages, API, static files and errors (issue 7, item 4)."""

from flask import Response

EXPECTED = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
        "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_secured(response, cached: bool = False) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    assert ("no-store" in response.headers.get("Cache-Control", "")) is not cached
    assert "Strict-Transport-Security" not in response.headers  # plain http


def test_pages_api_static_and_errors_carry_the_headers(client, api):
    assert_secured(client.get("/login"))
    assert_secured(api.get("/api/tasks", as_="410181"))
    assert_secured(client.get("/static/form.js"), cached=True)
    missing_page = client.get("/no-such-page")
    assert missing_page.status_code == 404
    assert_secured(missing_page)
    json_error = api.get("/api/auth/me")
    assert json_error.status_code == 401 and json_error.get_json()["error"] == "unauthorized"
    assert_secured(json_error)


def test_https_requests_get_strict_transport_security(client):
    response = client.get("/login", base_url="https://review.example.cn")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_header_the_view_set_itself_is_kept(make_app):
    own = "default-src 'none'; sandbox"
    served = make_app(TESTING=True)
    served.add_url_rule(
        "/download-like",
        "download_like",
        lambda: Response("x", headers={"Content-Security-Policy": own, "Cache-Control": "private"}),
    )
    response = served.test_client().get("/download-like")
    assert response.headers["Content-Security-Policy"] == own
    assert response.headers["Cache-Control"] == "private"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
