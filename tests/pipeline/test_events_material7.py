"""EventStage rules of the material round of session 7 (docs/events.md, "Material round 7"):
objecting to something is disapproval (110), coercion by a state's police or courts of a sector
with no country of its own is domestic, locking up detains (173), clamping down represses (175),
a backer noun in apposition to a name is that name's aid (070). One hand-written sentence per
class, with a near sentence that must not get the event."""

from __future__ import annotations


def test_objecting_to_an_act_disapproves(code) -> None:  # type: ignore[no-untyped-def]
    assert ("GBR", "IRN", "110") in code("Britain objected to Iran's plan.")
    assert ("TUR", "KUR", "110") in code("Turkey's objections to the Kurdish militias grew.")
    # negated: no disapproval asserted
    assert not [c for c in code("Britain did not object to Iran's plan.") if c[2] == "110"]


def test_police_coercion_is_domestic(code) -> None:  # type: ignore[no-untyped-def]
    assert ("NGACOP", "NGACRM", "173") in code("Nigeria's police arrested 56 criminal suspects.")
    # an armed party keeps its own code: it may be anyone's
    got = code("Nigeria's police arrested three Islamic State fighters.")
    assert not [c for c in got if c[1].startswith("NGA")]


def test_locking_up_detains(code) -> None:  # type: ignore[no-untyped-def]
    assert ("EGYCOP", "EGYOPP", "173") in code("Egyptian police locked up 20 protesters.")
    # "lock" with no "up" particle is no detention
    assert not [c for c in code("Egyptian police locked the protesters' office.")
                if c[2] == "173"]


def test_clamping_down_represses(code) -> None:  # type: ignore[no-untyped-def]
    assert [c for c in code("The Iranian government clamped down on the opposition.")
            if c[0] == "IRNGOV" and c[2] == "175"]


def test_a_backer_in_apposition_to_a_name_backs(code) -> None:  # type: ignore[no-untyped-def]
    assert ("TUR", "SYRREB", "070") in code("Turkey, a backer of the Syrian rebels, sent troops.")
    # a backer noun in apposition to no coded name backs no one
    assert not [c for c in code("The man, a backer of the Syrian rebels, sent money.")
                if c[2] == "070"]
