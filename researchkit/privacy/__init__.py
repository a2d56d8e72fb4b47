"""Confidentiality: pseudonymisation that holds from transcript to report.

Interviews about organised crime name people, vessels, companies and places. This
package lets a researcher hide them consistently before anything is quoted or shared,
keep the key apart, and prove that nothing leaked:

* :mod:`.names` — respondent codes (``R01`` ...), quote attributions, and the
  ``[naam]`` replacement of speakers' and interviewers' names in quotes.
* :mod:`.key` — the pseudonymisation key (:class:`PrivacyKey`, :func:`read_key`): terms,
  variants, kinds, stable pseudonyms (``[PERSOON-1]``, ``[BEDRIJF-2]``, ``[SCHIP-1]``),
  and a checksum that ties a report to the key version.
* :mod:`.patterns` — identifier patterns (e-mail, URL, phone, licence plate, IBAN,
  postcode, IMO, MMSI, birth date), each with its own check.
* :mod:`.detect` — :func:`find_identifiers`, :func:`pseudonymise_text`, :func:`scan`.
* :mod:`.suggest` — :func:`suggest_names` (candidates to confirm, never applied
  unconfirmed; rules, deduce's Dutch name and place lists, optionally deduce itself)
  and :func:`confirm_candidates`.
* :mod:`.normalise` — the normalised shadow of a text (variant spellings) mapped back to
  exact offsets.
* :mod:`.apply` — :func:`apply_key`: a pseudonymised view of a corpus and its codings
  with offsets re-mapped exactly; the original is untouched.
* :mod:`.leakcheck` — :func:`check_outputs`: key terms and pattern hits in reports and
  exports (docx, md, html, csv, qdpx), with their locations.

The command line: ``researchkit privacy scan|apply|check|key`` (see ``docs/privacy.md``).

Examples
--------
>>> from researchkit.privacy import KeyEntry, PrivacyKey, pseudonymise_text
>>> key = PrivacyKey([KeyEntry("Piet de Boer"), KeyEntry("Zeester", kind="vessel")]).assigned()
>>> pseudonymise_text("Piet de Boer voer met de Zeester; bel 06-12345678.", key)
'[PERSOON-1] voer met de [SCHIP-1]; bel [TELEFOON].'
"""

from __future__ import annotations

from researchkit.privacy.apply import OffsetMap, PseudonymisedView, apply_key, pseudonymise_transcript, pseudonymise_with_map
from researchkit.privacy.names import (
    DEFAULT_ATTRIBUTION,
    NAME_ATTRIBUTES,
    PLACEHOLDER,
    Pseudonymiser,
    attribute_names,
    attribution,
    name_variants,
    pseudonymise,
    pseudonymise_quotes,
    read_names,
    respondent_codes,
    respondent_overview,
    short_label,
    speaker_names,
)
from researchkit.privacy.detect import SCAN_COLUMNS, Identifier, find_identifiers, pseudonymise_text, scan
from researchkit.privacy.suggest import CANDIDATE_COLUMNS, confirm_candidates, suggest_names, write_candidates
from researchkit.privacy.key import KEY_KINDS, KIND_PREFIXES, KeyEntry, KeyMatch, PrivacyKey, read_key
from researchkit.privacy.leakcheck import FINDING_COLUMNS, check_file, check_outputs, check_text, format_findings
from researchkit.privacy.patterns import (
    ALL_PATTERN_KINDS,
    PATTERN_KINDS,
    PATTERN_TOKENS,
    REGIONAL_KINDS,
    REGIONS,
    PatternKinds,
    PatternMatch,
    find_patterns,
    bsn_valid,
    domestic_phone_valid,
    iban_valid,
    imo_valid,
    nhs_valid,
    nino_valid,
    phone_valid,
    postcode_valid,
    resolve_kinds,
    resolve_regions,
    ssn_valid,
    kvk_valid,
    rsin_valid,
    btw_valid,
)
from researchkit.privacy.normalise import Shadow, shadow

__all__ = [
    # names -> [naam], respondent codes, attribution
    "PLACEHOLDER",
    "DEFAULT_ATTRIBUTION",
    "NAME_ATTRIBUTES",
    "Pseudonymiser",
    "respondent_codes",
    "speaker_names",
    "attribute_names",
    "name_variants",
    "read_names",
    "short_label",
    "attribution",
    "pseudonymise",
    "pseudonymise_quotes",
    "respondent_overview",
    # the key
    "KEY_KINDS",
    "KIND_PREFIXES",
    "KeyEntry",
    "KeyMatch",
    "PrivacyKey",
    "read_key",
    # patterns
    "PATTERN_KINDS",
    "PATTERN_TOKENS",
    "PatternMatch",
    "find_patterns",
    "iban_valid",
    "imo_valid",
    "bsn_valid",
    "postcode_valid",
    "phone_valid",
    "domestic_phone_valid",
    "ssn_valid",
    "kvk_valid",
    "rsin_valid",
    "btw_valid",
    "nhs_valid",
    "nino_valid",
    "shadow",
    "Shadow",
    "resolve_kinds",
    "resolve_regions",
    "PatternKinds",
    "ALL_PATTERN_KINDS",
    "REGIONAL_KINDS",
    "REGIONS",
    # detection
    "Identifier",
    "find_identifiers",
    "pseudonymise_text",
    "scan",
    "SCAN_COLUMNS",
    "suggest_names",
    "write_candidates",
    "confirm_candidates",
    "CANDIDATE_COLUMNS",
    # apply
    "OffsetMap",
    "PseudonymisedView",
    "apply_key",
    "pseudonymise_transcript",
    "pseudonymise_with_map",
    # leak check
    "FINDING_COLUMNS",
    "check_text",
    "check_file",
    "check_outputs",
    "format_findings",
]
