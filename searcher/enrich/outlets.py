"""Outlets: display names for codes in data sets, outlets of web domains, and cues in the text."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Short codes used by data sets (FA-KES `source`), folded, to display names.
OUTLET_CODES = {
    "reuters": "Reuters",
    "nna": "National News Agency (Lebanon)",
    "ahram": "Ahram Online",
    "manar": "Al-Manar",
    "alalam": "Al-Alam",
    "alaraby": "The New Arab",
    "dailysabah": "Daily Sabah",
    "sana": "SANA",
    "sputnik": "Sputnik",
    "etilaf": "Syrian National Coalition",
    "trt": "TRT World",
    "jordantimes": "The Jordan Times",
    "arabiya": "Al Arabiya",
    "asharqalawsat": "Asharq Al-Awsat",
    "tass": "TASS",
    "ap": "Associated Press",
    "afp": "AFP",
    "bbc": "BBC",
    "cnn": "CNN",
    "nyt": "The New York Times",
    "isw": "Institute for the Study of War",
}

# Registered domains (without "www.") to outlets: wire services, international, Ukrainian,
# Russian and Middle Eastern outlets that conflict reporting collections are made of.
DOMAIN_OUTLETS = {
    "reuters.com": "Reuters",
    "apnews.com": "Associated Press",
    "afp.com": "AFP",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "theguardian.com": "The Guardian",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "ft.com": "Financial Times",
    "economist.com": "The Economist",
    "bloomberg.com": "Bloomberg",
    "cnn.com": "CNN",
    "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News",
    "npr.org": "NPR",
    "foxnews.com": "Fox News",
    "politico.com": "Politico",
    "politico.eu": "Politico Europe",
    "aljazeera.com": "Al Jazeera",
    "aljazeera.net": "Al Jazeera",
    "france24.com": "France 24",
    "dw.com": "Deutsche Welle",
    "euronews.com": "Euronews",
    "independent.co.uk": "The Independent",
    "telegraph.co.uk": "The Telegraph",
    "thetimes.co.uk": "The Times",
    "dailymail.co.uk": "Daily Mail",
    "news.sky.com": "Sky News",
    "sky.com": "Sky News",
    "itv.com": "ITV News",
    "lemonde.fr": "Le Monde",
    "spiegel.de": "Der Spiegel",
    "rferl.org": "Radio Free Europe/Radio Liberty",
    "newsflare.com": "Newsflare",
    "understandingwar.org": "Institute for the Study of War",
    "kyivindependent.com": "The Kyiv Independent",
    "kyivpost.com": "Kyiv Post",
    "pravda.com.ua": "Ukrainska Pravda",
    "ukrinform.net": "Ukrinform",
    "ukrinform.ua": "Ukrinform",
    "unian.info": "UNIAN",
    "unian.ua": "UNIAN",
    "unian.net": "UNIAN",
    "suspilne.media": "Suspilne",
    "hromadske.ua": "Hromadske",
    "rbc.ua": "RBC-Ukraine",
    "nv.ua": "NV",
    "zn.ua": "Dzerkalo Tyzhnia",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "ria.ru": "RIA Novosti",
    "rt.com": "RT",
    "interfax.ru": "Interfax",
    "interfax.com": "Interfax",
    "meduza.io": "Meduza",
    "novayagazeta.eu": "Novaya Gazeta Europe",
    "novayagazeta.ru": "Novaya Gazeta",
    "kommersant.ru": "Kommersant",
    "themoscowtimes.com": "The Moscow Times",
    "sana.sy": "SANA",
    "sputniknews.com": "Sputnik",
    "aa.com.tr": "Anadolu Agency",
    "trtworld.com": "TRT World",
    "dailysabah.com": "Daily Sabah",
    "ahram.org.eg": "Ahram Online",
    "almanar.com.lb": "Al-Manar",
    "alalam.ir": "Al-Alam",
    "alaraby.co.uk": "The New Arab",
    "newarab.com": "The New Arab",
    "jordantimes.com": "The Jordan Times",
    "alarabiya.net": "Al Arabiya",
    "aawsat.com": "Asharq Al-Awsat",
    "nna-leb.gov.lb": "National News Agency (Lebanon)",
    "etilaf.org": "Syrian National Coalition",
    "middleeasteye.net": "Middle East Eye",
    "haaretz.com": "Haaretz",
    "timesofisrael.com": "The Times of Israel",
    "syriahr.com": "Syrian Observatory for Human Rights",
    "enabbaladi.net": "Enab Baladi",
}

# Cues in the text itself (credit lines, wire datelines); outlet_source is then "inferred".
TEXT_CUES = (
    (re.compile(r"\buploaded by an? newsflare content partner\b", re.I), "Newsflare"),
    # ITV News ends its articles with this promo for its podcast.
    (re.compile(r"listen to our latest podcasts to find out what you need to know", re.I), "ITV News"),
    (re.compile(r"\((?:reuters)\)\s*[-–—]", re.I), "Reuters"),
    (re.compile(r"\((?:ap|associated press)\)\s*[-–—]"), "Associated Press"),
    (re.compile(r"\(AFP\)\s*[-–—]"), "AFP"),
    (re.compile(r"\bsource:\s*(?:the\s+)?institute for the study of war\b", re.I), "Institute for the Study of War"),
)


def outlet_name(value: str) -> str:
    """The display name of an outlet given in data: codes are expanded ('nna'), names kept."""
    return OUTLET_CODES.get(value.strip().casefold(), value.strip())


def outlet_from_url(url: str | None) -> str | None:
    """The outlet that publishes at a URL's domain (or any of its parent domains)."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    parts = host.removeprefix("www.").split(".")
    for i in range(len(parts) - 1):
        outlet = DOMAIN_OUTLETS.get(".".join(parts[i:]))
        if outlet:
            return outlet
    return None


def outlet_from_text(*texts: str) -> str | None:
    """An outlet named by a credit line or wire dateline in the text."""
    for text in texts:
        for pattern, outlet in TEXT_CUES:
            if pattern.search(text):
                return outlet
    return None
