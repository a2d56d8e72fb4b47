"""Fixed texts of the report in each language, and the report's size limits.

Examples
--------
>>> _T["nl"]["table"], _T["en"]["table"]
('Tabel', 'Table')
"""

from __future__ import annotations

#: Chapters that are not a code: the information position and the white spots.
SPECIAL_CHAPTERS: tuple[str, ...] = ("information_position", "white_spots")
#: Report languages.
LANGUAGES: tuple[str, ...] = ("nl", "en")
#: Longest quote shown in full (characters); longer quotes are cut at a sentence end with " […]".
MAX_QUOTE_CHARS = 600
#: Passages shorter than this (in words) are quoted only when no longer ones exist.
MIN_QUOTE_WORDS = 10

_MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
_NUMBER_WORDS = {
    "nl": ["geen", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"],
    "en": ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
}
_SOURCE_NAMES = {
    "nl": {"rules": "regels (automatisch)", "manual": "handmatig", "model": "model-ondersteund", "import": "geïmporteerd"},
    "en": {"rules": "rules (automatic)", "manual": "manual", "model": "model-assisted", "import": "imported"},
}
_DIMENSIONS = {
    "nl": {"gather": "verzamelen", "record": "vastleggen", "enrich": "veredelen", "share": "delen", "use": "benutten"},
    "en": {"gather": "gather", "record": "record", "enrich": "enrich", "share": "share", "use": "use"},
}
_T: dict[str, dict[str, str]] = {
    "nl": {
        "default_title": "Rapportage interviews",
        "toc": "Inhoudsopgave",
        "toc_placeholder": "Klik met de rechtermuisknop en kies ‘Veld bijwerken’ (of druk op F9) om de inhoudsopgave te tonen.",
        "table": "Tabel",
        "figure": "Figuur",
        "appendix": "Bijlage",
        "method": "Methode en verantwoording",
        "interviews": "Interviews",
        "codebook_h": "Codeboek",
        "coding_h": "Codering",
        "agreement_h": "Betrouwbaarheid van de codering",
        "quotes_intro": "Representatieve citaten:",
        "info_h": "Informatiepositie per partner",
        "ws_h": "Witte vlekken",
        "app_codebook": "Codeboek",
        "relations": "Relaties tussen codes",
        "app_respondents": "Respondenten",
        "total": "Totaal",
        "code": "Code",
        "name": "Omschrijving",
        "group": "Groep",
        "port": "Haven",
        "organisation": "Organisatie",
        "respondent": "Respondent",
        "source": "Bron",
        "coders": "Codeur(s)",
        "codings": "Coderingen",
        "documents": "Interviews",
        "codes_used": "Codes",
        "partner": "Partner",
        "definition": "Omschrijving",
        "include": "Wel coderen",
        "exclude": "Niet coderen",
        "examples": "Voorbeelden",
        "units": "Eenheden",
        "pa": "Overeenstemming",
        "kappa": "Cohens kappa",
        "alpha": "Krippendorffs alfa",
        "date": "Datum",
    },
    "en": {
        "default_title": "Interview report",
        "toc": "Contents",
        "toc_placeholder": "Right-click and choose ‘Update Field’ (or press F9) to show the table of contents.",
        "table": "Table",
        "figure": "Figure",
        "appendix": "Appendix",
        "method": "Method",
        "interviews": "Interviews",
        "codebook_h": "Codebook",
        "coding_h": "Coding",
        "agreement_h": "Reliability of the coding",
        "quotes_intro": "Representative quotes:",
        "info_h": "Information position per partner",
        "ws_h": "White spots",
        "app_codebook": "Codebook",
        "relations": "Relations between codes",
        "app_respondents": "Respondents",
        "total": "Total",
        "code": "Code",
        "name": "Description",
        "group": "Group",
        "port": "Port",
        "organisation": "Organisation",
        "respondent": "Respondent",
        "source": "Source",
        "coders": "Coder(s)",
        "codings": "Codings",
        "documents": "Interviews",
        "codes_used": "Codes",
        "partner": "Partner",
        "definition": "Description",
        "include": "Include",
        "exclude": "Exclude",
        "examples": "Examples",
        "units": "Units",
        "pa": "Agreement",
        "kappa": "Cohen's kappa",
        "alpha": "Krippendorff's alpha",
        "date": "Date",
    },
}
