"""A realistic vocabulary for generated remarks: several thousand words, Zipf-distributed.

Real remarks are drawn from a long tail: a few words ("the", "we", "to") are in almost
every remark, most words in a handful. Full-text search is only measured fairly on such
text: with a small vocabulary every word is common, so a rare word never looks rare and
a prefix matches the same few words. Here the words are product-ops terms and general
English (stems, with their regular inflections: plurals, -ed, -ing, -ly), ranked once
in a fixed order (function words first, the rest shuffled by a fixed seed) and drawn
with probability falling as 1/rank; remarks vary in length from a few words to a long
paragraph.

The ranking is fixed whatever the generator's seed, so that the search queries below
("a common word", "a rare word") name the same words in every file.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

#: Bump when the words or their ranking change: cached files are then generated again.
VOCABULARY_VERSION = 1
#: The exponent of the Zipf-like law: word of rank r is drawn with weight 1 / (r + 2) ** S.
ZIPF_EXPONENT = 1.0


def _words(text: str) -> list[str]:
    return text.split()


# Words with no inflection, in rough order of how often English uses them.
FUNCTION_WORDS = _words(
    """
the to and a of we it is that in for on this with be not they you have but are as i
at our so can if there when do was from what or all more about would just by one how
an no their us them up out some any get should need think still each only also very
will could because who than then much before after into over too where which other
most why while many both every new same already again never always often sometimes
now here today since until though even just without within between during per via
"""
)

PRODUCT_OPS_TERMS = _words(
    """
roadmap backlog sprint release rollout pilot cohort baseline metric target dashboard
handoff approval template tracker intake queue workflow runbook playbook retro standup
stakeholder owner sponsor champion adopter feedback survey interview persona journey
onboarding offboarding escalation incident outage postmortem triage severity ticket
request ticketing calendar schedule deadline milestone launch beta prototype experiment
hypothesis variant cohort funnel conversion retention churn adoption engagement usage
analytics telemetry instrumentation alert threshold latency throughput uptime capacity
budget forecast headcount vendor contract procurement compliance audit security privacy
governance policy guideline checklist glossary documentation wiki spec requirement
epic story estimate velocity priority tradeoff dependency blocker risk mitigation
assumption constraint scope charter objective outcome initiative program portfolio
quarter okr kpi benchmark scorecard readiness enablement training certification
localisation accessibility integration migration deprecation api sdk endpoint webhook
repository deployment pipeline environment staging sandbox feature flag toggle config
permission role access identity login account workspace tenant region datacenter
support helpdesk macro chatbot knowledgebase article changelog announcement newsletter
digest standup sync offsite workshop critique review demo walkthrough office hours
decision log rationale consensus vote proposal quorum facilitator agenda timebox
notetaker action item followup owner due date blackout freeze window cadence rhythm
"""
)

NOUNS = _words(
    """
time team week day month year people person thing way part place case point group
problem fact hand eye job work number night home room mother area money story issue
side kind head house service friend father power hour game line end member law car city
community name president team minute idea kid body information back parent face others
level office door health art war history party result change morning reason research
girl guy moment air teacher force education foot boy age policy everything process
music market sense nation plan college interest death experience effect class control
care field development role effort rate heart drug show leader light voice wife police
mind price report decision son view relationship town road arm difference value building
action model season society tax director position player record paper space ground form
event official matter center couple site project activity star table need court
american oil situation cost industry figure street image phone data picture practice
piece land product doctor wall patient worker news test movie north love support
technology step baby computer type attention film tree source organization hair window
evidence population site address opportunity letter rule ability language
spreadsheet email thread message chat channel meeting slot invite attendee calendar
question answer comment note summary draft version copy folder file link page screen
button field column row chart graph trend spike drop gap delay bottleneck handover
shortcut workaround habit routine signal noise context detail example pattern theme
insight finding lesson surprise concern worry complaint praise suggestion request
customer partner colleague manager engineer designer analyst researcher lead director
executive admin contractor newcomer hire intern mentor coach reviewer approver
budget invoice receipt quote estimate margin revenue cost saving discount renewal
region country office floor desk laptop browser tab device printer badge
morning afternoon evening weekend holiday vacation leave shift rotation
"""
)

VERBS = _words(
    """
ask work seem feel try leave call want look need use help talk turn start show play move
live believe happen include continue learn change watch follow stop create speak allow
add spend open walk offer remember consider appear wait serve die send expect stay
fall reach kill remain suggest raise pass report decide pull return explain hope
develop carry drive break receive agree support hit produce eat cover catch draw
choose cause point listen realize place close involve increase share plan check
schedule book cancel reschedule approve reject review sign escalate assign triage
document record capture summarize measure track compare estimate prioritize migrate
deploy rollback test verify validate automate simplify standardise centralise clarify
shorten unify duplicate archive delete rename tag label filter search sort export
import sync notify remind chase ping forward reply mention invite attend join skip
postpone delay block unblock hand own borrow lend copy paste print scan upload download
install configure update upgrade patch fix debug crash freeze load wait queue retry
onboard train coach mentor hire staff budget forecast invoice pay refund charge renew
"""
)

ADJECTIVES = _words(
    """
slow fast quick clear unclear easy hard simple complex manual automatic new old
current previous next last final early late busy quiet small large big long short
wide narrow high low heavy light cheap expensive useful useless helpful confusing
painful smooth rough safe risky stable flaky broken missing extra optional required
mandatory formal informal internal external public private shared personal global
local regional weekly daily monthly quarterly yearly urgent minor major critical
obvious hidden visible invisible consistent inconsistent accurate wrong correct
exact rough fair honest strange normal usual rare common frequent happy unhappy
frustrated confident nervous curious tired excited worried calm angry grateful
"""
)


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh", "z")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _past(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ied"
    return word + "ed"


def _gerund(word: str) -> str:
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    return word + "ing"


def _adverb(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ily"
    if word.endswith("le"):
        return word[:-1] + "y"
    return word + "ly"


def _comparative(word: str) -> str:
    if len(word) > 6:
        return word + "ness"
    if word.endswith("e"):
        return word + "r"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ier"
    return word + "er"


def _agent(word: str) -> str:
    return word + "r" if word.endswith("e") else word + "er"


def _verb_forms(verb: str) -> list[str]:
    return [verb, _plural(verb), _past(verb), _gerund(verb)]


def _unique(words: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(words))


def all_words() -> list[str]:
    """Every word, ranked: the first is the most frequent."""
    nouns = [*PRODUCT_OPS_TERMS, *NOUNS]
    content = _unique(
        [
            *nouns,
            *(_plural(n) for n in nouns),
            *(form for v in VERBS for form in _verb_forms(v)),
            # Doing it again, and who does it: "rebook", "reviewer", "approvers".
            *(form for v in VERBS for form in _verb_forms("re" + v)),
            *(agent for v in VERBS for agent in (_agent(v), _plural(_agent(v)))),
            *ADJECTIVES,
            *(_adverb(a) for a in ADJECTIVES),
            *(_comparative(a) for a in ADJECTIVES),
            *("un" + a for a in ADJECTIVES),
        ]
    )
    function = _unique(FUNCTION_WORDS)
    content = [w for w in content if w not in set(function)]
    # A fixed shuffle, whatever the seed of the file: the same word has the same rank.
    random.Random(f"vocabulary {VOCABULARY_VERSION}").shuffle(content)
    return [*function, *content]


class Vocabulary:
    """Words drawn by a Zipf-like law, and remarks made of them."""

    def __init__(self) -> None:
        self.words = all_words()
        weights = [1 / (rank + 2) ** ZIPF_EXPONENT for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(weights))

    def remark(self, rng: random.Random) -> str:
        """One remark: mostly a sentence or two, now and then a long paragraph."""
        length = max(3, min(120, int(rng.lognormvariate(2.5, 0.6))))
        words = rng.choices(self.words, cum_weights=self.cumulative, k=length)
        if length > 8 and rng.random() < 0.5:
            words[rng.randrange(3, length - 2)] += ","
        text = " ".join(words)
        return text[:1].upper() + text[1:] + rng.choice(".....?!")

    def rank_of(self, word: str) -> int:
        return self.words.index(word)

    def share(self, word: str) -> float:
        """The probability that one drawn word is ``word``."""
        rank = self.rank_of(word)
        low = self.cumulative[rank - 1] if rank else 0.0
        return (self.cumulative[rank] - low) / self.cumulative[-1]

    def at_share(self, share: float) -> str:
        """The most frequent content word drawn at most ``share`` of the time."""
        total = self.cumulative[-1]
        for rank in range(len(FUNCTION_WORDS), len(self.words)):
            low = self.cumulative[rank - 1]
            if (self.cumulative[rank] - low) / total <= share:
                return self.words[rank]
        return self.words[-1]  # pragma: no cover - share below the rarest word's


def _check() -> None:  # pragma: no cover - a look at the numbers by hand
    vocabulary = Vocabulary()
    print(len(vocabulary.words), "words")
    rng = random.Random(1)
    for _ in range(5):
        print(vocabulary.remark(rng))
    lengths = sorted(len(vocabulary.remark(rng).split()) for _ in range(10_000))
    print("words per remark p10/p50/p90:", lengths[1000], lengths[5000], lengths[9000])


if __name__ == "__main__":  # pragma: no cover
    _check()
