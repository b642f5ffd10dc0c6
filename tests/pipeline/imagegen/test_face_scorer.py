"""The real likeness scorer (pipeline.faces.identity, dlib) behind `SceneScorer`."""

from pathlib import Path

from PIL import Image

from pipeline.imagegen.scoring import IdentityScorer, face_scorer
from tests.infra.faces import face_on_backdrop, grace_hopper, other_person


async def test_the_identity_scorer_tells_the_character_from_others(tmp_path: Path) -> None:
    photo = tmp_path / "me.jpg"
    photo.write_bytes(grace_hopper().read_bytes())
    scorer = await face_scorer([photo])
    assert isinstance(scorer, IdentityScorer)

    same = face_on_backdrop(tmp_path / "same.png", (30, 90, 200), (540, 960))
    other = face_on_backdrop(tmp_path / "other.png", (30, 90, 200), (540, 960), other_person())
    empty = tmp_path / "empty.png"
    Image.new("RGB", (540, 960), (10, 120, 40)).save(empty)

    alike, unlike = await scorer.score(same), await scorer.score(other)
    assert alike is not None
    assert unlike is not None
    assert alike > 0.9 > unlike
    assert await scorer.score(empty) is None


async def test_photos_without_a_face_mean_no_scoring(tmp_path: Path) -> None:
    plain = tmp_path / "plain.png"
    Image.new("RGB", (300, 400), (200, 40, 40)).save(plain)
    assert await face_scorer([plain]) is None
    assert await face_scorer([]) is None
