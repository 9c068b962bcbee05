"""A corpus of XSS payloads, each carrying its own marker (`X<n>`) so that a test can tell
which one fired: scripts call `alert('X<n>')` (a dialog) or set `window.__xss = 'X<n>'`.

`standalone` payloads only make sense as a field's whole value (a bare `javascript:` URL in
a link field); the others are also tried all together, joined, in every text field.
`evidence` lists what would appear in a page if the payload were interpreted instead of
shown (template injection).
"""

import base64
from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    n: int
    text: str
    standalone: bool = False
    evidence: tuple = ()

    @property
    def marker(self) -> str:
        return f"X{self.n}"


def _b64_html(n: int) -> str:
    return base64.b64encode(f"<script>alert('X{n}')</script>".encode()).decode()


_RAW = [
    # script tags
    "<script>alert('X{n}')</script>",
    "<ScRiPt>window.__xss='X{n}'</sCrIpT>",
    "<script src=data:text/javascript,alert('X{n}')></script>",
    "<script>/*</script><script>*/alert('X{n}')</script>",
    "</script><script>alert('X{n}')</script>",
    # event handlers
    "<img src=x onerror=\"alert('X{n}')\">",
    "<img src=x onerror=window.__xss='X{n}'>",
    "<svg onload=alert('X{n}')>",
    "<body onload=alert('X{n}')>",
    "<input autofocus onfocus=alert('X{n}')>",
    "<details open ontoggle=alert('X{n}')>",
    "<video><source onerror=\"alert('X{n}')\"></video>",
    "<audio src=x onerror=alert('X{n}')>",
    "<marquee onstart=alert('X{n}')>X{n}</marquee>",
    '<a href="https://exemple.example/" onclick="alert(\'X{n}\')">X{n}</a>',
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;&#39;X{n}&#39;&#41;>",
    # javascript: and data: URLs, entity-encoded and split schemes
    "<a href=\"javascript:alert('X{n}')\">X{n}</a>",
    "<a href=\"JaVaScRiPt:alert('X{n}')\">X{n}</a>",
    "<a href=\"javascript&#58;alert('X{n}')\">X{n}</a>",
    "<a href=\"&#x6A;avascript:alert('X{n}')\">X{n}</a>",
    "<a href=\"java\tscript:alert('X{n}')\">X{n}</a>",
    "<a href=\"java&#x09;script:alert('X{n}')\">X{n}</a>",
    "<a href=\"java\nscript:alert('X{n}')\">X{n}</a>",
    "<a href=\" &#14; javascript:alert('X{n}')\">X{n}</a>",
    "<a href=\"&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert('X{n}')\">X{n}</a>",
    '<a href="data:text/html;base64,{b64}">X{n}</a>',
    "<iframe src=\"javascript:alert('X{n}')\"></iframe>",
    "<iframe srcdoc=\"<script>parent.alert('X{n}')</script>\"></iframe>",
    "<object data=\"data:text/html,<script>alert('X{n}')</script>\"></object>",
    "<embed src=\"javascript:alert('X{n}')\">",
    "<form action=\"javascript:alert('X{n}')\"><button>X{n}</button></form>",
    "<button formaction=\"javascript:alert('X{n}')\">X{n}</button>",
    # SVG and MathML
    "<svg><script>alert('X{n}')</script></svg>",
    '<svg><a xlink:href="javascript:alert(\'X{n}\')"><text x="9" y="9">X{n}</text></a></svg>',
    "<svg><animate onbegin=alert('X{n}') attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('X{n}')>",
    "<math href=\"javascript:alert('X{n}')\">X{n}</math>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('X{n}')>\">",
    # Markdown link and image tricks
    "[lien X{n}](javascript:alert('X{n}'))",
    "[X{n}](JAVASCRIPT:alert('X{n}'))",
    "[X{n}](javascript&#58;alert('X{n}'))",
    "[X{n}](<javascript:alert('X{n}')>)",
    "![X{n}](x\" onerror=\"alert('X{n}'))",
    "![X{n}](javascript:alert('X{n}'))",
    "[X{n}][ref{n}]\n\n[ref{n}]: javascript:alert('X{n}')",
    "<javascript:alert('X{n}')>",
    "[X{n}](data:text/html;base64,{b64})",
    "[<img src=x onerror=alert('X{n}')>](https://exemple.example/)",
    "[X{n}](https://exemple.example/\"onmouseover=\"alert('X{n}'))",
    "`<script>alert('X{n}')</script>`",
    # HTML entities (nothing may decode them twice)
    "&lt;script&gt;alert('X{n}')&lt;/script&gt;",
    "&#60;img src=x onerror=alert('X{n}')&#62;",
    # attribute and element breakouts
    "\"><script>alert('X{n}')</script>",
    "'><img src=x onerror=alert('X{n}')>",
    "\" autofocus onfocus=\"alert('X{n}')",
    "' onmouseover='alert(\"X{n}\")",
    "</textarea><script>alert('X{n}')</script>",
    "</title><script>alert('X{n}')</script>",
    "</style><script>alert('X{n}')</script>",
    "<!--<img src=\"--><img src=x onerror=alert('X{n}')//\">",
    # CSS, base, meta refresh
    "<div style=\"width: expression(alert('X{n}'))\">X{n}</div>",
    "<div style=\"background:url(javascript:alert('X{n}'))\">X{n}</div>",
    "<style>@import 'javascript:alert(\"X{n}\")';</style>",
    "<base href=\"javascript:alert('X{n}')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'X{n}\')">',
    "<link rel=import href=\"data:text/html,<script>alert('X{n}')</script>\">",
    # unicode tricks
    "\uff1cscript\uff1ealert('X{n}')\uff1c/script\uff1e",
    "<scr\u0000ipt>alert('X{n}')</scr\u0000ipt>",
    "\u202eX{n} gpj.exe <img src=x onerror=alert('X{n}')>",
    "<img src=x onerror=\"\\u0061lert('X{n}')\">",
    "%3Cscript%3Ealert('X{n}')%3C/script%3E",
]

# A field's whole value: link fields, e-mail and phone fields rendered in href.
_STANDALONE = [
    "javascript:alert('X{n}')",
    " JavaScript:alert('X{n}')",
    "data:text/html;base64,{b64}#X{n}",
    "https://exemple.example/\" onmouseover=\"alert('X{n}')",
    'vbscript:msgbox("X{n}")',
    "javascript://exemple.example/%0Aalert('X{n}')",
]

# Template injection: the evidence is what evaluation would print.
_TEMPLATES = [
    ("{{{{7*7777}}}}X{n}", ("54439",)),
    ("{{% raw %}}{{{{ 7*7778 }}}}{{% endraw %}}X{n}", ("54446",)),
    ("{{{{ config.SECRET_KEY }}}}X{n}", ("test-secret-key", "browser-tests")),
    ("${{7*7779}}#{{7*7780}}X{n}", ("54453", "54460")),
]


def _build() -> list[Payload]:
    out: list[Payload] = []
    for raw in _RAW:
        n = len(out) + 1
        out.append(Payload(n, raw.format(n=n, b64=_b64_html(n)) if "{" in raw else raw))
    for raw in _STANDALONE:
        n = len(out) + 1
        out.append(Payload(n, raw.format(n=n, b64=_b64_html(n)), standalone=True))
    for raw, evidence in _TEMPLATES:
        n = len(out) + 1
        out.append(Payload(n, raw.format(n=n), evidence=evidence))
    return out


PAYLOADS = _build()
BY_MARKER = {p.marker: p for p in PAYLOADS}
STANDALONE = [p for p in PAYLOADS if p.standalone]


def joined(separator: str = "\n\n") -> str:
    """Every payload in one text (for long text fields), each on its own paragraph."""
    return separator.join(p.text for p in PAYLOADS)


assert len(PAYLOADS) >= 50
_missing = [p for p in PAYLOADS if p.marker not in p.text]
assert not _missing, f"payloads without their marker: {_missing}"
