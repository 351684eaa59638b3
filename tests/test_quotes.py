"""Quotation attribution (build_tools/annotate/quotes.py) with the real taxonomy and speech cues: who speaks in a
sentence, or nobody, in English and Russian, traps included."""

from __future__ import annotations

import pytest

from build_tools.tools.evaluate.quotes import attributed
from build_tools.annotate.quotes import QuoteFinder
from build_tools.annotate.relations import split_sentences
from build_tools.annotate.taxonomy import load_taxonomy
from build_tools.config import REPO_ROOT
from build_tools.models import QuoteKind


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(REPO_ROOT / "corpus" / "taxonomy", REPO_ROOT)


SPEAKERS = [
    # English: subject before the verb, inverted after a quotation, after "according to"
    ("Russian Foreign Minister Sergei Lavrov said on Tuesday that Kazakhstan would join.", {"sergey-lavrov"}),
    ("“We are ready to talk,” said Lavrov.", {"sergey-lavrov"}),
    ("“We are ready to talk,” Tokayev told reporters.", {"kassym-jomart-tokayev"}),
    ("According to Kremlin spokesman Dmitry Peskov, the visit is planned.", {"dmitry-peskov"}),
    ("Kazakh officials said the talks with Russia were useful.", {"kazakhstan"}),
    ("Russia said the drills would continue.", {"russia"}),
    # Russian: «…» — заявил X, по словам X, X заявил, что …, как отметил X, об этом сообщил X
    ("«Мы готовы к диалогу», — заявил глава МИД России Сергей Лавров.", {"sergey-lavrov"}),
    ("По словам президента Казахстана Касым-Жомарта Токаева, страна готова.", {"kassym-jomart-tokayev"}),
    ("Президент Казахстана Касым-Жомарт Токаев заявил, что Россия остается партнером.", {"kassym-jomart-tokayev"}),
    ("Как отметил Токаев, Казахстан не будет участвовать.", {"kassym-jomart-tokayev"}),
    ("Об этом сообщил Мирзиёев на встрече в Ташкенте.", {"shavkat-mirziyoyev"}),
    # traps: an unknown speaker beside a known actor
    ("“We will work with Russia,” said Ivan Petrov.", set()),
    ("A Russian journalist said Tokayev was tired.", set()),
    ("«Мы будем работать с Россией», — заявил эксперт Иван Петров.", set()),
    # a country named in a sentence whose speaker is another actor
    ("Lavrov said Kazakhstan would join the union.", {"sergey-lavrov"}),
    ("Speaking about Kazakhstan, the minister said talks went well.", set()),
    ("The embassy in Tashkent said the border was open.", set()),
    # a head of state the sentence does not name, a possessive person, an object in the dative
    ("The Tajik president said the border was open.", set()),
    ("Tokayev’s spokesman said the visit was postponed.", set()),
    ("МИД сообщил Лаврову о переговорах.", set()),
    # negated and hypothetical speech, passive
    ("Tokayev did not say whether Kazakhstan would join.", set()),
    ("If Lavrov says yes, Russia will sign.", set()),
    ("Russia is said to be preparing new sanctions.", set()),
    ("Токаев не заявил о своем участии.", set()),
    ("Если Лавров скажет да, Россия подпишет.", set()),
    # no speech at all, a pronoun with nobody quoted before it
    ("Tokayev and Mirziyoyev signed a treaty in Tashkent.", set()),
    ("“We are ready,” he said.", set()),
]

CONTINUED = [
    # a pronoun, or "по его словам", speaks for the person quoted just before
    ("Lavrov said the talks went well. He added that Kazakhstan would join.", {"sergey-lavrov"}),
    ("Lavrov said the talks went well. “We are ready,” he said.", {"sergey-lavrov"}),
    ("Лавров заявил, что переговоры прошли успешно. Он подчеркнул, что Казахстан присоединится.", {"sergey-lavrov"}),
    ("Лавров заявил, что переговоры прошли успешно. По его словам, Казахстан присоединится.", {"sergey-lavrov"}),
    ("Лавров заявил, что переговоры прошли успешно. При этом он добавил, что Казахстан готов.", {"sergey-lavrov"}),
    # a title without a name ("the minister") is that person too, unless it names another country
    ("Lavrov said the talks went well. The minister added that Kazakhstan would join.", {"sergey-lavrov"}),
    ("Лавров заявил, что переговоры прошли успешно. Российский министр также отметил, что Казахстан готов.",
     {"sergey-lavrov"}),
    ("Lavrov said the talks went well. The Kazakh minister said Kazakhstan would join.", {"kazakhstan"}),
    ("Lavrov said the talks went well. The minister Ivan Petrov said Kazakhstan would join.", set()),
    # another person named since, too far back, a country or two speakers before, a hypothetical pronoun
    ("Lavrov said the talks went well. Tokayev arrived. He added that Kazakhstan would join.", set()),
    ("Lavrov said the talks went well with Tokayev. He added that Kazakhstan would join.", set()),
    ("Lavrov said the talks went well. Talks ended. Rain fell. He added that Kazakhstan would join.", set()),
    ("Russia said the drills would continue. He added that Kazakhstan would join.", set()),
    ("Lavrov said the talks went well. If he says yes, Kazakhstan will join.", set()),
]


@pytest.mark.parametrize(("sentence", "speakers"), SPEAKERS)
def test_attribution(taxonomy, sentence, speakers):
    assert attributed(taxonomy, sentence) == speakers


@pytest.mark.parametrize(("text", "speakers"), CONTINUED)
def test_pronoun_continues_the_last_speaker(taxonomy, text, speakers):
    first, rest = text.split(". ", 1)
    assert attributed(taxonomy, rest, context=first + ".") == speakers


def test_quote_keeps_words_span_and_kind(taxonomy):
    from build_tools.annotate.matcher import ActorMatcher
    text = "Talks ended. “We are ready to talk to Kazakhstan,” said Lavrov. Tokayev said the talks went well."
    quotes = QuoteFinder(taxonomy).quotes("a1", text, ActorMatcher(taxonomy).find_mentions(text), split_sentences(text))
    assert [(q.speaker, q.kind, q.words, text[q.start:q.end]) for q in quotes] == [
        ("sergey-lavrov", QuoteKind.DIRECT, "We are ready to talk to Kazakhstan",
         "“We are ready to talk to Kazakhstan,” said Lavrov."),
        ("kassym-jomart-tokayev", QuoteKind.REPORTED, "Tokayev said the talks went well.",
         "Tokayev said the talks went well."),
    ]
