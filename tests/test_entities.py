"""Entities: normalised names, alias table, gazetteer."""

from __future__ import annotations

from reportedly.extract.entities import canonical, lookup_place, normalise_name


def test_normalise_name():
    assert normalise_name("the Ukrainian Defense Intelligence Administration's") == (
        "Ukrainian Defense Intelligence Administration"
    )


def test_aliases_map_to_one_entity():
    names = {
        canonical(x)
        for x in [
            "Ukrainian Defense Intelligence Administration",
            "HUR",
            "GUR",
            "Ukraine's military intelligence",
        ]
    }
    assert names == {"Defence Intelligence of Ukraine (HUR)"}
    assert canonical("Pyongyang") == "North Korea"
    assert canonical("Some Unknown Body") == "Some Unknown Body"


def test_gazetteer_city_with_coordinates():
    kursk = lookup_place("Kursk")
    assert kursk is not None and kursk.kind == "city" and kursk.country_code == "RU"
    assert abs(kursk.latitude - 51.73) < 0.1 and abs(kursk.longitude - 36.18) < 0.1
    assert lookup_place("Ukraine").kind == "country"
    assert lookup_place("Xyzzyville") is None


def test_mislabelled_place_is_resolved(analyze):
    a = analyze("The forces will be deployed in areas within Russia such as Kursk.")
    kursk = next(e for e in a.entities if e.name == "Kursk")
    assert kursk.place is not None and kursk.place.country_code == "RU"
    assert kursk.label == "GPE"


def test_mentions_grouped_under_alias(analyze):
    a = analyze(
        "HUR said the strike hit a depot. Ukraine's military intelligence later said "
        "that a second depot burned."
    )
    hur = [e for e in a.entities if e.name == "Defence Intelligence of Ukraine (HUR)"]
    assert len(hur) == 1 and len(hur[0].mentions) == 2
