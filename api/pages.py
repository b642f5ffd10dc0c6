"""The small HTML pages a person sees at the end of a consent, in their language."""

from html import escape

from fastapi import Request
from fastapi.responses import HTMLResponse

from core.errors import DomainError
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, render

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body><main><h1>{heading}</h1><p>{text}</p></main></body></html>
"""


# The callback's URL carries the code and the state: never cached, never sent on as a Referer.
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def browser_language(request: Request) -> str:
    """The first language of Accept-Language we speak, else English."""
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def page(language: str, heading: str, text: str, status: int = 200) -> HTMLResponse:
    body = PAGE.format(
        lang=escape(language),
        title=escape(render("connect-page-title", language)),
        heading=escape(heading),
        text=escape(text),
    )
    return HTMLResponse(body, status_code=status, headers=PRIVATE)


def error_page(language: str, error: DomainError, status: int) -> HTMLResponse:
    heading = render("connect-page-failed", language)
    return page(language, heading, render(error.key, language, **error.params), status)
