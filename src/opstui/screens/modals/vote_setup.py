"""Call a vote: a proposal of the playbook (one per metric where it is about metrics) or ad hoc.

Choose the method (fist of five, consent, yes/no, dot vote with options and a budget),
the pass rule, the quorum and whether the vote is anonymous. Enter on a proposal of
the playbook fills the form; Enter again opens the vote.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from opstui.domain.text import printable
from opstui.domain.vote_offers import VoteOffer
from opstui.domain.voting import (
    DEFAULT_RULE,
    RULES_FOR,
    PassRule,
    Proposal,
    ProposalSubject,
    VoteMethod,
)
from opstui.screens.modals.live_modal import LiveModal
from opstui.widgets.key_picker import KeyOption, KeyPicker

AD_HOC = "ad-hoc"

METHOD_KEYS: dict[str, VoteMethod] = {
    "f": VoteMethod.FIST_OF_FIVE,
    "c": VoteMethod.CONSENT,
    "y": VoteMethod.YES_NO,
    "d": VoteMethod.DOT,
}


def rule_options(method: VoteMethod) -> list[KeyOption[PassRule]]:
    return [
        KeyOption(str(n), rule.description, rule) for n, rule in enumerate(RULES_FOR[method], 1)
    ]


def default_quorum(participants: int) -> int:
    """A majority of the participants must vote for the result to count."""
    return participants // 2 + 1 if participants else 0


class VoteSetup(LiveModal[Proposal | None]):
    """The proposal, its method, pass rule, quorum and anonymity."""

    BINDINGS = [
        Binding("ctrl+s", "open_vote", "Open the vote"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        *,
        session_id: str,
        offers: list[VoteOffer],
        participants: int,
        save: Callable[[Proposal], Proposal],
    ) -> None:
        super().__init__()
        self.save = save
        self.session_id = session_id
        self.offers = offers
        self.participants = participants
        self.offer: VoteOffer | None = offers[0] if offers else None

    def compose(self) -> ComposeResult:
        first = self.offer
        method = first.method if first else VoteMethod.FIST_OF_FIVE
        with Vertical(classes="form-box", id="vote-box"):
            yield Static(Text("Call a vote"), classes="form-title")
            yield OptionList(
                *[
                    Option(Text(f"{offer.title}  ({offer.method.label})"), id=str(n))
                    for n, offer in enumerate(self.offers)
                ],
                Option(Text("Ad hoc vote: type the proposal", style="italic"), id=AD_HOC),
                id="vote-offers",
            )
            yield Label("Proposal", classes="form-label")
            yield Input(
                printable(first.title, lines=False, drop=True) if first else "",
                placeholder="what is put to the vote",
                id="vote-title",
            )
            yield Label("Method", classes="form-label")
            yield KeyPicker(
                [KeyOption(k, m.label, m) for k, m in METHOD_KEYS.items()],
                selected=method,
                id="vote-method",
            )
            yield Label("Passes when", classes="form-label")
            yield KeyPicker(
                rule_options(method),
                selected=(first.pass_rule if first else None) or DEFAULT_RULE[method],
                id="vote-rule",
            )
            with Vertical(id="vote-dot"):
                yield Label("Options (separated by commas)", classes="form-label")
                yield Input(
                    printable(", ".join(first.options), lines=False, drop=True) if first else "",
                    id="vote-options",
                )
                yield Label("Dots per person", classes="form-label")
                yield Input(
                    str(first.budget or 3) if first else "3", id="vote-budget", restrict=r"\d*"
                )
            with Horizontal(id="vote-extra"):
                yield Label("Quorum", classes="form-label")
                yield Input(
                    str(default_quorum(self.participants)), id="vote-quorum", restrict=r"\d*"
                )
                yield Checkbox(
                    "Anonymous", first.anonymous if first else False, id="vote-anonymous"
                )
            yield Static("", classes="form-hint", id="vote-hint")
            yield Static(
                "Enter on a proposal fills the form, Enter again opens the vote · "
                "Ctrl+S opens it from anywhere · Esc cancel",
                classes="form-keys",
            )

    def on_mount(self) -> None:
        self._show_dot_fields(self._method())
        self.query_one("#vote-offers", OptionList).focus()

    def _method(self) -> VoteMethod:
        value = self.query_one("#vote-method", KeyPicker).value
        return value if isinstance(value, VoteMethod) else VoteMethod.FIST_OF_FIVE

    def _show_dot_fields(self, method: VoteMethod) -> None:
        self.query_one("#vote-dot").display = method is VoteMethod.DOT

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == AD_HOC:
            self.offer = None
            self.query_one("#vote-title", Input).value = ""
            self.query_one("#vote-title", Input).focus()
            return
        offer = self.offers[int(event.option.id or 0)]
        self.offer = offer
        self.query_one("#vote-title", Input).value = printable(offer.title, lines=False, drop=True)
        method_picker: KeyPicker[VoteMethod] = self.query_one("#vote-method", KeyPicker)
        method_picker.select_value(offer.method)
        self._set_rules(offer.method, offer.pass_rule)
        self.query_one("#vote-options", Input).value = printable(
            ", ".join(offer.options), lines=False, drop=True
        )
        self.query_one("#vote-budget", Input).value = str(offer.budget or 3)
        self.query_one("#vote-anonymous", Checkbox).value = offer.anonymous
        self.query_one("#vote-title", Input).focus()

    def _set_rules(self, method: VoteMethod, rule: PassRule | None) -> None:
        rule_picker: KeyPicker[PassRule] = self.query_one("#vote-rule", KeyPicker)
        rule_picker.set_options(rule_options(method), rule or DEFAULT_RULE[method])
        self._show_dot_fields(method)

    def on_key_picker_picked(self, event: KeyPicker.Picked) -> None:
        if event.picker.id == "vote-method" and isinstance(event.value, VoteMethod):
            self._set_rules(event.value, None)

    def on_key_picker_refused(self, event: KeyPicker.Refused) -> None:
        if event.picker.id == "vote-method":
            self.hint("Press f (fist of five), c (consent), y (yes / no) or d (dot vote).")
        else:
            self.hint("Press the digit of a pass rule.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open_vote()

    def hint(self, text: str) -> None:
        self.query_one("#vote-hint", Static).update(Text(text))

    def build(self) -> Proposal:
        """The proposal as the form describes it; raises ValueError saying what is wrong."""
        title = self.query_one("#vote-title", Input).value.strip()
        if not title:
            raise ValueError("Type the proposal first: a vote needs something to vote on.")
        method = self._method()
        rule = self.query_one("#vote-rule", KeyPicker).value
        quorum_text = self.query_one("#vote-quorum", Input).value.strip()
        options: list[str] = []
        budget = 0
        if method is VoteMethod.DOT:
            raw = self.query_one("#vote-options", Input).value
            options = [o.strip() for o in raw.split(",") if o.strip()]
            budget = int(self.query_one("#vote-budget", Input).value or 0)
        offer = self.offer
        try:
            return Proposal(
                session_id=self.session_id,
                title=title,
                description=offer.description if offer else "",
                method=method,
                pass_rule=rule if isinstance(rule, PassRule) else None,
                quorum=int(quorum_text or 0),
                options=options,
                budget=budget,
                anonymous=self.query_one("#vote-anonymous", Checkbox).value,
                subject=offer.subject if offer else ProposalSubject.GENERAL,
                metric_id=offer.metric_id if offer else None,
            )
        except ValidationError as exc:
            message = exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise ValueError(message[:1].upper() + message[1:]) from None

    def action_open_vote(self) -> None:
        try:
            proposal = self.build()
        except ValueError as exc:
            self.hint(str(exc))
            return
        saved = self.try_save(self.save, proposal)
        if saved is not None:
            self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)
