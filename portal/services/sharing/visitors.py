"""Who opened a share link, coarsely: link-preview bots, scanners and scripts, or a browser.

Only a short hint such as 'Chrome on Android' or 'Slack preview' is kept, never the
user agent itself.
"""

from __future__ import annotations

import re

# (pattern, label) for link-preview bots, mail scanners and scripts; checked in order.
_BOTS = [
    (r"slackbot|slack-imgproxy", "Slack preview"),
    (r"facebookexternalhit|facebot|meta-externalagent", "Facebook preview"),
    (r"twitterbot", "X/Twitter preview"),
    (r"whatsapp", "WhatsApp preview"),
    (r"telegrambot", "Telegram preview"),
    (r"discordbot", "Discord preview"),
    (r"linkedinbot", "LinkedIn preview"),
    (r"skypeuripreview", "Skype preview"),
    (r"microsoft office|ms-office|outlook|office365|safelinks|microsoftpreview", "Office scanner"),
    (r"googlebot|google-inspectiontool|googleother|apis-google|feedfetcher", "Google bot"),
    (r"bingbot|bingpreview|msnbot|adidxbot", "Bing bot"),
    (r"applebot", "Apple bot"),
    (r"yandex|baiduspider|duckduckbot|petalbot|semrush|ahrefs", "Search bot"),
    (r"pinterest|redditbot|embedly|iframely|vkshare|viber|snapchat|mastodon", "Link preview"),
    (r"proofpoint|mimecast|barracuda|forcepoint|symantec|trendmicro|sophos", "Mail scanner"),
    (r"headless|phantomjs|puppeteer|playwright|selenium|lighthouse", "Headless browser"),
    (
        r"curl|wget|python-requests|python-urllib|aiohttp|httpx|go-http-client|java/|okhttp"
        r"|node-fetch|axios|libwww|scrapy|httpclient|powershell",
        "Script",
    ),
    # Generic words last ("Cubot" phones must not match "bot", hence the word boundary).
    (r"\bbot\b|crawler|spider|preview|scanner|fetcher|monitor", "Bot"),
]
_BOT_PATTERNS = [(re.compile(p, re.IGNORECASE), label) for p, label in _BOTS]

_BROWSERS = [
    ("edg/", "Edge"),
    ("edgios", "Edge"),
    ("edga/", "Edge"),
    ("opr/", "Opera"),
    ("samsungbrowser", "Samsung Internet"),
    ("firefox/", "Firefox"),
    ("fxios", "Firefox"),
    ("crios", "Chrome"),
    ("chrome/", "Chrome"),
    ("safari/", "Safari"),
]
_SYSTEMS = [
    ("android", "Android"),
    ("iphone", "iPhone"),
    ("ipad", "iPad"),
    ("windows", "Windows"),
    ("cros", "ChromeOS"),
    ("macintosh", "Mac"),
    ("mac os x", "Mac"),
    ("linux", "Linux"),
]


def _bot_label(user_agent: str) -> str:
    ua = (user_agent or "").strip()
    if not ua:
        return "No user agent"
    for pattern, label in _BOT_PATTERNS:
        if pattern.search(ua):
            return label
    return ""


def is_bot(user_agent: str) -> bool:
    """True for link-preview bots, mail scanners, crawlers, scripts and empty user agents."""
    return bool(_bot_label(user_agent))


def client_hint(user_agent: str) -> str:
    """A coarse description such as 'Chrome on Android' or 'Slack preview' (never the UA)."""
    label = _bot_label(user_agent)
    if label:
        return label
    ua = user_agent.lower()
    browser = next((name for key, name in _BROWSERS if key in ua), "Browser")
    system = next((name for key, name in _SYSTEMS if key in ua), "")
    return f"{browser} on {system}" if system else browser
