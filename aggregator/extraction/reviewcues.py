"""What a page's own words say about its kind, when nothing declares it.

Many reviews carry no score, no "review" in URL or headline and no section
name: a blog post about a song, a newspaper's dance critique, a podcast
episode about a series. What they share is their subject and their voice: the
headline names a kind of work ("song", "Tanz", "Folge", "série") and the text
judges it ("delightful", "atemberaubend", "décevant") or warns of spoilers.
Each of those is weak alone (news names works too, features praise), so each
weighs 1: they tip a page only together or beside another sign for a review,
and only where no sign speaks against one (:mod:`pagekind` decides that).

Against: a lede that reports an announcement is news, and a text of question
paragraphs answered by someone else is an interview, whatever work it names.
"""

from __future__ import annotations

import re
from functools import cache

from aggregator.extraction.prefilter import lowered, may_contain

#: Kinds of work and performance a review's headline names, per language (ISO 639-1).
WORK_WORDS: dict[str, str] = {
    "en": r"films?|movies?|albums?|EPs?|songs?|singles?|books?|novels?|memoirs?|games?"
    r"|series|sitcoms?|episodes?|seasons?|musicals?|operas?|ballets?|concerts?"
    r"|documentar(?:y|ies)|anime|manga|comics?|graphic novels?|shows?",
    # Compounds end in the word ("Kinofilm", "Debütalbum", "Kriminalroman"); the
    # short words stand alone ("Mitglied" is no song, "Distanz" no dance).
    "de": r"\w*(?:film|filme|album|alben|roman|romane|serie|serien|konzert|konzerte|ballett"
    r"|oper|opern|buch|bücher|hörspiel|musical)|songs?|lied(?:er)?|spiele?|staffel|folge"
    r"|episoden?|stück|theaterstück|tanz\w*|inszenierung|aufführung|premiere|uraufführung",
    "fr": r"films?|albums?|chansons?|livres?|romans?|bandes? dessinées?|jeux|jeu|séries?"
    r"|épisodes?|saisons?|pièces?|spectacles?|danse|ballets?|opéras?|concerts?"
    r"|mise en scène|documentaires?",
    "es": r"películas?|álbum(?:es)?|discos?|canci[óo]n(?:es)?|libros?|novelas?|videojuegos?"
    r"|juegos?|series?|episodios?|temporadas?|obras?|montajes?|danza|ballets?|óperas?"
    r"|conciertos?|documentales?",
    "it": r"film|album|dischi|disco|canzon[ei]|bran[oi]|libr[oi]|romanz[oi]|videogioch?[oi]"
    r"|serie|episodi?|stagion[ei]|spettacol[oi]|danza|ballett[oi]|opera|concert[oi]"
    r"|documentari?",
    "pl": r"film(?:y|u)?|album(?:y|u)?|płyt[ay]|piosenk[aię]|singl(?:e|a)?|książk[aię]"
    r"|powieś[cć]|gr[aęy]|serial(?:u|e)?|odcinek|odcinka|sezon(?:u)?|spektakl(?:u)?"
    r"|przedstawieni[ea]|taniec|balet(?:u)?|oper[aęy]|koncert(?:u|y)?",
    "nl": r"films?|albums?|plaat|platen|nummers?|liedj?es?|boeken|boek|romans?|spel(?:len)?"
    r"|games?|series?|afleverings?|afleveringen|seizoen|voorstellingen|voorstelling"
    r"|toneelstuk|dans|ballet|opera|concerten|concert|documentaire",
}
#: A critic's judgement of a work, per language: the words of a verdict, not of a
#: report. Inflected languages take the stem and any ending.
VERDICT_WORDS: dict[str, str] = {
    "en": r"masterpiece|masterful|brilliant|stunning|superb|gorgeous|delightful|tasteful"
    r"|dull|tedious|boring|mediocre|disappointing|forgettable|overlong|underwhelming"
    r"|compelling|gripping|riveting|captivating|charming|clumsy|uneven|must-(?:see|read)"
    r"|ear ?worm|catchy|classic|worth (?:watching|reading|hearing|playing|seeing)",
    "de": r"(?:meisterwerk|meisterhaft|großartig|grandios|brillant|gelungen|misslungen"
    r"|überzeugend|enttäuschend|langweilig|langatmig|sehenswert|lesenswert|hörenswert"
    r"|empfehlenswert|atemberaubend|bildstark|fesselnd|packend|berührend|eindrucksvoll"
    r"|mitreißend|ohrwurm|kitschig|belanglos)\w*",
    "fr": r"chef-d['’]œuvre|(?:magistral|brillant|superbe|bouleversant|captivant|envoûtant"
    r"|réussi|raté|décevant|ennuyeu|poussif|sublime|époustouflant|incontournable)\w*",
    "es": r"obra maestra|(?:magistral|brillante|soberbi|decepcionante|aburrid|entretenid"
    r"|imprescindible|fallid|conmovedor|impecable)\w*",
    "it": r"capolavor[oi]|(?:magistral|deludent|noios|avvincent|riuscit|pietos|imperdibil"
    r"|godibil|emozionant|mediocr)\w*",
    "pl": r"arcydzieł\w*|(?:znakomit|świetn|genialn|rozczarowując|nudn|wciągając|porywając"
    r"|przeciętn|nieudan)\w*|warto (?:obejrzeć|przeczytać|posłuchać|zagrać)",
    "nl": r"meesterwerk|(?:meesterlijk|briljant|prachtig|schitterend|teleurstellend|saai"
    r"|boeiend|meeslepend|aangrijpend|aanrader|middelmatig|geslaagd|ontroerend)\w*",
}
#: A spoiler warning: the text is about to discuss a work's plot (an English loan
#: in most languages: "spoilern", "spoilery", "spojlery").
_SPOILERS = re.compile(r"\b(?:spoil|spojl)\w*", re.I)
#: A lede reporting that something was announced, per language.
ANNOUNCED_WORDS: dict[str, str] = {
    "en": r"(?:has|have|was|were|been) (?:officially |just )?announced|announced (?:today|on)",
    "de": r"(?:wurde|wurden|hat|haben) \w+(?: \w+)? (?:angekündigt|bekannt ?gegeben)",
    "fr": r"a (?:été )?(?:officiellement )?annoncé|ont annoncé|vient d['’]annoncer",
    "es": r"(?:ha|han|fue|ha sido) (?:oficialmente )?anunciad[oa]|anunció",
    "it": r"stat[oaie] (?:ufficialmente )?annunciat[oaie]|ha(?:nno)? annunciato",
    "pl": r"ogłosił\w*|ogłoszono|zapowiedział\w*",
    "nl": r"(?:heeft|hebben|is|werd) (?:officieel )?aangekondigd|maakte bekend",
}
#: Distinct verdict words that make a text's voice a critic's.
MIN_VERDICTS = 2
#: Question paragraphs that make a text an interview, and their share of it.
MIN_QUESTIONS = 3
QUESTION_SHARE = 0.2
MAX_QUESTION_WORDS = 40
#: Characters of the body that make its lede.
LEDE_CHARS = 300


@cache
def _pattern(table_name: str, language: str | None, *, ignore_case: bool = True) -> re.Pattern[str]:
    """The words of the page's language and English, or of every language when
    the page's is unknown; without ``ignore_case``, for :func:`prefilter.lowered` text."""
    table = _TABLES[table_name]
    base = (language or "").split("-")[0].split("_")[0].lower()
    chosen = [table[base], table["en"]] if base in table else list(table.values())
    return re.compile(rf"\b(?:{'|'.join(dict.fromkeys(chosen))})\b", re.I if ignore_case else 0)


_TABLES = {"work": WORK_WORDS, "verdict": VERDICT_WORDS, "announced": ANNOUNCED_WORDS}


def cue_signals(
    headline: str, body: str, language: str | None, *, against_only: bool = False
) -> list[tuple[str, int]]:
    """The signals of the page's words, each with its weight; with ``against_only``,
    only those against a review (the others are not read).

    >>> cue_signals("This funk song is a holiday classic", "A delightful tune.", "en")
    [('headline:work', 1), ('text:verdict', 1)]
    >>> cue_signals("A studio remakes the series", "It was announced today that…", "en")
    [('headline:work', 1), ('lede:news', -2)]
    >>> cue_signals("The series", "It was announced today…", "en", against_only=True)
    [('lede:news', -2)]
    """
    signals = []
    if not against_only and _pattern("work", language).search(headline):
        signals.append(("headline:work", 1))
    if not against_only and judges(f"{headline}\n{body}", language):
        signals.append(("text:verdict", 1))
    if _pattern("announced", language).search(body[:LEDE_CHARS]):
        signals.append(("lede:news", -2))
    if interview(body):
        signals.append(("body:interview", -3))
    return signals


def judges(text: str, language: str | None) -> bool:
    """A critic's voice: distinct words of judgement, or a spoiler warning.

    >>> judges("Tasteful and delightful.", "en"), judges("Delightful. Delightful!", "en")
    (True, False)
    >>> judges("Ein bildstarkes Stück, atemberaubend getanzt.", "de")
    True
    >>> judges("Achtung, wir spoilern!", "de")
    True
    """
    found: set[str] = set()
    folded = lowered(text)  # the verdict words are lower-case
    verdicts = _pattern("verdict", language, ignore_case=folded is None)
    for match in verdicts.finditer(text if folded is None else folded):
        found.add(match.group(0).lower())
        if len(found) >= MIN_VERDICTS:  # enough: the rest of a long text need not be read
            return True
    return may_contain(text, (b"spoil", b"spojl")) and _SPOILERS.search(text) is not None


def interview(body: str) -> bool:
    """An interviewer's questions: short question paragraphs, a fair share of the
    text (a critic's rhetorical questions are few among many paragraphs).

    >>> interview("Why dance?\\n\\nBecause.\\n\\nAnd then?\\n\\nRain.\\n\\nWhy rain?\\n\\nWet.")
    True
    >>> interview("Why was 2016 so normal?\\n\\n" + "A long answer.\\n\\n" * 20)
    False
    """
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    questions = sum(1 for p in paragraphs if _question(p))
    return questions >= MIN_QUESTIONS and questions >= len(paragraphs) * QUESTION_SHARE


def _question(paragraph: str) -> bool:
    return (
        paragraph.rstrip("\"'”“»«").endswith("?")
        and len(paragraph.split()) <= MAX_QUESTION_WORDS
        and not paragraph.startswith(("-", "•", "*"))  # list items
    )
