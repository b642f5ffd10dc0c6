"""FalSceneGenerator against the fal emulator through the real fal_client."""

from pathlib import Path

from PIL import Image

from pipeline.imagegen.fal import FalSceneGenerator
from pipeline.imagegen.files import read_meta
from pipeline.imagegen.hosts import host_constants
from pipeline.imagegen.references import ReferenceCache
from pipeline.imagegen.requests import CharacterLook, SceneSpec, pinned_seed, request_size
from pipeline.imagegen.scene import SceneEvent
from tests.emulators.fal import FalEmulator, JobScript
from tests.pipeline.imagegen.fal_support import CANVAS, FAST, fal_settings, noise_photo

FLUX, KONTEXT_MULTI = "fal-ai/flux-pro/v1.1", "fal-ai/flux-pro/kontext/multi"
PROMPTS = ("a lighthouse at dawn", "a fox in snow", "a red tram", "tea on a desk", "a kite")


def specs(seed: int, prompts: tuple[str, ...] = PROMPTS) -> list[SceneSpec]:
    return [SceneSpec(i, prompt, CANVAS, seed) for i, prompt in enumerate(prompts)]


async def test_five_scenes_run_in_parallel_within_the_concurrency_limit(
    fal_emu: FalEmulator, tmp_path: Path
) -> None:
    generator = FalSceneGenerator(fal_settings(fal_emu, concurrency=2), policy=FAST)
    look = CharacterLook("project:1")
    seed = pinned_seed(look.key)
    events: list[SceneEvent] = []

    async def record(event: SceneEvent) -> None:
        events.append(event)

    batch = await generator.generate(specs(seed), look, tmp_path, record)

    assert batch.error is None
    assert sorted(batch.scenes) == [0, 1, 2, 3, 4]
    assert fal_emu.queue.max_active == 2
    submits = fal_emu.requests.to("submit")
    assert {s.path for s in submits} == {"/" + FLUX}
    assert sorted(s.json["prompt"].split(".")[0] for s in submits) == sorted(PROMPTS)
    assert {s.json["seed"] for s in submits} == {seed}
    assert {str(s.json["image_size"]) for s in submits} == {str(request_size(CANVAS))}
    assert all("no text" in s.json["prompt"] for s in submits)
    for index, scene in batch.scenes.items():
        with Image.open(scene.path) as still:
            assert (still.format, still.size, still.mode) == ("PNG", CANVAS, "RGB")
        assert scene.path.name.startswith(f"scene_{index:02d}_")
        assert (
            read_meta(scene.path) == scene.meta == {"source": "fal", "model": FLUX, "seed": seed}
        )
    assert sorted(e.index for e in events if e.state == "done") == [0, 1, 2, 3, 4]
    assert [
        (b.index, b.seed, b.cost_usd) for b in sorted(batch.billed, key=lambda b: b.index)
    ] == [(i, seed, 0.04) for i in range(5)]


async def test_a_finished_scene_is_reused_without_a_request(
    fal_emu: FalEmulator, tmp_path: Path
) -> None:
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST)
    first = await generator.generate(specs(5), CharacterLook("project:2"), tmp_path)
    again = await generator.generate(specs(5), CharacterLook("project:2"), tmp_path)

    assert again.scenes == first.scenes
    assert again.billed == []
    assert fal_emu.requests.count("submit") == 5


async def test_reference_photos_are_uploaded_once_and_the_seed_is_the_characters(
    fal_emu: FalEmulator, tmp_path: Path
) -> None:
    photos = (noise_photo(tmp_path, "a.png", 1), noise_photo(tmp_path, "b.png", 2))
    look = CharacterLook("character:7", "a woman with short red hair", photos, "d1")
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST)
    seed = pinned_seed("character:7")

    batch = await generator.generate(specs(seed), look, tmp_path / "scenes")
    redo = SceneSpec(1, PROMPTS[1], CANVAS, 4242)  # a regenerated scene has its own seed
    second = await generator.generate([redo], look, tmp_path / "scenes")

    assert batch.error is None
    assert second.error is None
    assert fal_emu.requests.count("cdn_upload") == 2
    uploads = fal_emu.requests.to("cdn_upload")
    assert {u.files[0].content_type for u in uploads} == {"image/jpeg"}
    submits = fal_emu.requests.to("submit")
    assert {s.path for s in submits} == {"/" + KONTEXT_MULTI}
    urls = {tuple(s.json["image_urls"]) for s in submits}
    assert len(urls) == 1
    assert all(url.startswith(fal_emu.base_url + "/files/") for url in next(iter(urls)))
    assert [s.json["seed"] for s in submits] == [seed] * 5 + [4242]
    assert {s.json["aspect_ratio"] for s in submits} == {"9:16"}
    assert all("reference photos" in s.json["prompt"] for s in submits)
    assert all("short red hair" in s.json["prompt"] for s in submits)
    assert second.scenes[1].path != batch.scenes[1].path
    assert pinned_seed("character:7") == seed  # stable: a pure function of the id
    assert pinned_seed("character:8") != seed


async def test_small_reference_photos_travel_as_data_uris(
    fal_emu: FalEmulator, tmp_path: Path
) -> None:
    photo = tmp_path / "plain.png"
    Image.new("RGB", (300, 400), (200, 40, 40)).save(photo)
    look = CharacterLook("character:9", "", (photo,), "d2")
    generator = FalSceneGenerator(
        fal_settings(fal_emu), policy=FAST, references=ReferenceCache(data_uri_max_bytes=64_000)
    )

    batch = await generator.generate(specs(1, PROMPTS[:1]), look, tmp_path)

    assert batch.error is None
    assert fal_emu.requests.count("cdn_upload") == 0
    (url,) = fal_emu.requests.last("submit").json["image_urls"]
    assert url.startswith("data:image/jpeg;base64,")


async def test_slow_queue_reports_queued_running_then_done(tmp_path: Path) -> None:
    async with FalEmulator(queue_steps=3, progress_steps=2) as emulator:
        generator = FalSceneGenerator(fal_settings(emulator), policy=FAST)
        events: list[SceneEvent] = []

        async def record(event: SceneEvent) -> None:
            events.append(event)

        batch = await generator.generate(
            specs(3, PROMPTS[:1]), CharacterLook("project:3"), tmp_path, record
        )
        transitions = emulator.last_job.transitions

    assert batch.error is None
    assert [(e.state, e.position) for e in events] == [
        ("queued", 2), ("queued", 1), ("queued", 0), ("running", None), ("running", None),
        ("done", None),
    ]  # fmt: skip
    assert transitions == ["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]


async def test_a_flagged_picture_is_made_again_once_with_a_new_seed(
    fal_emu: FalEmulator, tmp_path: Path
) -> None:
    fal_emu.script_next(JobScript(queue_steps=1, progress_steps=1, nsfw=True))
    generator = FalSceneGenerator(fal_settings(fal_emu), policy=FAST)

    batch = await generator.generate(specs(11, PROMPTS[:1]), CharacterLook("project:4"), tmp_path)

    assert batch.error is None
    seeds = [s.json["seed"] for s in fal_emu.requests.to("submit")]
    assert len(seeds) == 2
    assert seeds[0] == 11
    assert seeds[1] != 11
    assert batch.scenes[0].meta["seed"] == seeds[1]
    assert [b.seed for b in batch.billed] == seeds  # both pictures are paid for
    with Image.open(batch.scenes[0].path) as still:
        assert still.convert("L").getextrema()[1] > 0  # not the blacked-out one


def test_the_queue_host_setting_points_every_fal_host_at_it() -> None:
    assert host_constants("gateway.example:8443") == {
        "QUEUE_URL_FORMAT": "https://gateway.example:8443/",
        "RUN_URL_FORMAT": "https://gateway.example:8443/run/",
        "REST_URL": "https://gateway.example:8443",
        "CDN_URL": "https://gateway.example:8443",
    }
    assert host_constants("http://127.0.0.1:9000/")["QUEUE_URL_FORMAT"] == "http://127.0.0.1:9000/"
    defaults = host_constants(None)
    assert defaults["QUEUE_URL_FORMAT"] == "https://queue.fal.run/"
    assert defaults["CDN_URL"] == "https://v3.fal.media"
