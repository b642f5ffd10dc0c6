"""Which caption font covers which text."""

from pipeline.subtitles.fonts import FALLBACK, ROBOTO_BLACK, font_for, fonts_dir


def test_fonts_dir_holds_static_roboto_black() -> None:
    assert (fonts_dir() / "Roboto-Black.ttf").is_file()


def test_roboto_black_covers_cyrillic_latin_and_punctuation() -> None:
    assert font_for("Съешь же ещё этих мягких французских булок, да выпей чаю!") == ROBOTO_BLACK
    assert font_for("ЁЖИК «2025» — 5%… Їжак, Ғалам, Ђак") == ROBOTO_BLACK
    assert font_for("The quick brown fox: ąćęłńóśźż, über, Ελλάδα") == ROBOTO_BLACK
    assert font_for("  \n") == ROBOTO_BLACK


def test_other_scripts_fall_back() -> None:
    assert FALLBACK == "DejaVu Sans"
    assert font_for("Привет, 你好") == FALLBACK
    assert font_for("שלום") == FALLBACK
    assert font_for("Огонь 🔥") == FALLBACK
