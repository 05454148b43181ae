"""Which agencies a publication is about (issue 11 item 2): editable rules of terms.

A rule is a list of terms in kk, ru or en — the agency's names, short names, the head's name
and aliases — some of them exclusions ("Минздрав России" is not our ministry). Texts and
terms are compared as base forms (stemming.base_forms), so "Министерству здравоохранения"
matches "Министерство здравоохранения" and "министрлігінде" matches "министрлігі"; a term of
several words matches those base forms in a row. The result names the terms that matched,
so a person can see why a publication was assigned.

For many rules at once (500 agencies) compile_rules builds one trie of base forms, indexed by
a term's first base form: a text is then read once, whatever the number of rules.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from monitoring.text.stemming import base_forms

LANGUAGES = ("kk", "ru", "en")


@dataclass(frozen=True)
class Term:
    """One term of a rule; language "" means the term applies to texts in every language."""

    text: str
    language: str
    exclude: bool = False


@dataclass(frozen=True)
class MatchResult:
    """matched is False when nothing matched or an exclusion did; terms are the hits."""

    matched: bool
    terms: tuple[str, ...]
    excluded: tuple[str, ...] = ()


NO_MATCH = MatchResult(matched=False, terms=())


@dataclass
class _Node:
    """A trie node: the terms whose base forms end here, and the next base forms."""

    ends: list[tuple[Hashable, Term]] = field(default_factory=list)
    next: dict[str, "_Node"] = field(default_factory=dict)


@dataclass
class RuleIndex:
    """Terms of many rules in one trie of base forms per language."""

    by_language: dict[str, _Node] = field(default_factory=dict)

    def add(self, key: Hashable, term: Term) -> None:
        for language in (term.language,) if term.language else LANGUAGES:
            forms = base_forms(term.text, language)
            if forms:
                node = self.by_language.setdefault(language, _Node())
                for form in forms:
                    node = node.next.setdefault(form, _Node())
                node.ends.append((key, term))

    def match_forms(self, forms: Sequence[str], language: str) -> dict[Hashable, MatchResult]:
        """Results for every rule that at least one of its non-excluding terms matched."""
        root = self.by_language.get(language)
        if root is None:
            return {}
        hits: dict[Hashable, tuple[dict[str, None], dict[str, None]]] = {}
        for start in range(len(forms)):
            node = root
            for form in forms[start:]:
                node = node.next.get(form)
                if node is None:
                    break
                for key, term in node.ends:
                    terms, excluded = hits.setdefault(key, ({}, {}))
                    (excluded if term.exclude else terms)[term.text] = None
                if not node.next:
                    break
        return {
            key: MatchResult(matched=not excluded, terms=tuple(terms), excluded=tuple(excluded))
            for key, (terms, excluded) in hits.items()
            if terms
        }

    def match(self, text: str, language: str) -> dict[Hashable, MatchResult]:
        return self.match_forms(base_forms(text, language), language)


def compile_rules(rules: Mapping[Hashable, Sequence[Term]]) -> RuleIndex:
    """One index for every agency's rule: {agency key: [Term, …]}."""
    index = RuleIndex()
    for key, terms in rules.items():
        for term in terms:
            index.add(key, term)
    return index


@dataclass
class Compiled:
    """One rule compiled for repeated use."""

    index: RuleIndex

    def match(self, text: str, language: str) -> MatchResult:
        return self.match_forms(base_forms(text, language), language)

    def match_forms(self, forms: Sequence[str], language: str) -> MatchResult:
        return self.index.match_forms(forms, language).get(None, NO_MATCH)


def compile_terms(terms: Sequence[Term]) -> Compiled:
    return Compiled(compile_rules({None: terms}))


def match_terms(text: str, language: str, terms: Sequence[Term]) -> MatchResult:
    """Does the text (in language) match the rule made of terms, and by which terms."""
    return compile_terms(terms).match(text, language)
