"""RENDER__PROFILE picks the x264 settings; RENDER__PRESET and RENDER__CRF override them."""

import pytest

from core.settings import RenderSettings, Settings
from pipeline.ffmpeg import EncodeSpec
from pipeline.ffmpeg.encoders import x264_args

FAST = [
    "-c:v", "libx264", "-threads:v", "2", "-preset", "superfast", "-tune", "animation",
    "-crf", "23", "-x264-params", "bframes=3", "-profile:v", "high",
]  # fmt: skip
QUALITY = [
    "-c:v", "libx264", "-threads:v", "2", "-preset", "fast", "-crf", "23",
    "-x264-params", "sync-lookahead=0:rc-lookahead=10", "-profile:v", "high",
]  # fmt: skip


@pytest.mark.parametrize(("profile", "argv"), [("fast", FAST), ("quality", QUALITY)])
def test_profile_argv(profile: str, argv: list[str]) -> None:
    spec = EncodeSpec.from_settings(RenderSettings.model_validate({"profile": profile}))
    assert x264_args(spec) == argv


def test_default_is_fast_and_matches_a_bare_spec() -> None:
    assert x264_args(EncodeSpec.from_settings(RenderSettings())) == FAST
    assert x264_args(EncodeSpec()) == FAST


def test_preset_and_crf_override_the_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENDER__PROFILE", "quality")
    monkeypatch.setenv("RENDER__PRESET", "slow")
    monkeypatch.setenv("RENDER__CRF", "30")
    argv = x264_args(EncodeSpec.from_settings(Settings().render))
    assert argv == [*QUALITY[:4], "-preset", "slow", "-crf", "30", *QUALITY[8:]]


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="profile"):
        RenderSettings.model_validate({"profile": "turbo"})
