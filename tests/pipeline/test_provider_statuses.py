"""Every provider reads an HTTP status the same way (core.provider_errors): 408, 409, 425, 429
and 5xx are worth another try, 400, 401, 403 and 422 are not, a 401 means the key is no
longer accepted, and a 429's Retry-After comes through. Each engine runs its real SDK against
its emulator with the SDK's own retries off, and keeps its own user-facing message key."""

import wave
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import fal_client.client
import pytest
from pydantic import SecretStr

from core.errors import DomainError
from core.provider_errors import (
    ProviderAuthExpired,
    ProviderRateLimited,
    ProviderRejected,
    ProviderUnavailable,
)
from core.settings import ElevenLabsSettings, OpenAISettings, TranscriptionSettings
from pipeline.imagegen.fal import FalSceneGenerator
from pipeline.imagegen.hosts import configure_fal_hosts
from pipeline.imagegen.requests import CharacterLook, SceneSpec
from pipeline.speech.base import VoiceParams
from pipeline.speech.elevenlabs import ElevenLabsSynth
from pipeline.transcribe.openai_api import OpenAITranscriber
from pipeline.voices.cloud import VoiceCloud
from pipeline.writers.base import ScriptRequest
from pipeline.writers.llm import LLMWriter
from tests.emulators.elevenlabs import DEFAULT_KEY as ELEVEN_KEY
from tests.emulators.elevenlabs import ElevenLabsEmulator
from tests.emulators.fal import FalEmulator
from tests.emulators.openai import DEFAULT_KEY as OPENAI_KEY
from tests.emulators.openai import OpenAIEmulator
from tests.pipeline.imagegen.fal_support import CANVAS, FAST, fal_settings

TRANSIENT = [408, 409, 425, 429, 500, 503]
PERMANENT = [400, 401, 403, 422]
RETRY_AFTER = {"Retry-After": "7"}
RACHEL = "21m00Tcm4TlvDq8ikWAM"

Provoke = Callable[[int, Path], Awaitable[DomainError]]


def _headers(status: int) -> dict[str, str]:
    return dict(RETRY_AFTER) if status == 429 else {}


def _openai(emu: OpenAIEmulator) -> OpenAISettings:
    return OpenAISettings(base_url=emu.api_base, api_key=SecretStr(OPENAI_KEY), timeout_s=10)


def _eleven(emu: ElevenLabsEmulator) -> ElevenLabsSettings:
    return ElevenLabsSettings(
        base_url=emu.base_url, api_key=SecretStr(ELEVEN_KEY), voice_id=RACHEL, timeout_s=10
    )


async def writer(status: int, _: Path) -> DomainError:
    async with OpenAIEmulator() as emu:
        emu.faults.error("chat", status, message="injected", headers=_headers(status))
        with pytest.raises(DomainError) as caught:
            await LLMWriter(_openai(emu)).write(
                ScriptRequest(topic="Sleep", language="en", duration=20)
            )
    return caught.value


async def speech(status: int, tmp_path: Path) -> DomainError:
    async with ElevenLabsEmulator() as emu:
        emu.faults.error("tts_timestamps", status, message="injected", headers=_headers(status))
        synth = ElevenLabsSynth(_eleven(emu), max_retries=0)
        with pytest.raises(DomainError) as caught:
            await synth.synthesize("Cats sleep a lot.", "en", VoiceParams(), tmp_path / "v.wav")
    return caught.value


async def cloning(status: int, _: Path) -> DomainError:
    async with ElevenLabsEmulator() as emu:
        emu.faults.error("voices", status, message="injected", headers=_headers(status))
        with pytest.raises(DomainError) as caught:
            await VoiceCloud(_eleven(emu), max_retries=0).list_clones()
    return caught.value


async def transcription(status: int, tmp_path: Path) -> DomainError:
    audio = tmp_path / "voice.wav"
    with wave.open(str(audio), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(bytes(16000))
    async with OpenAIEmulator() as emu:
        emu.faults.error("transcriptions", status, message="injected", headers=_headers(status))
        transcriber = OpenAITranscriber(_openai(emu), TranscriptionSettings(chain="openai"))
        with pytest.raises(DomainError) as caught:
            await transcriber.transcribe(audio, "en")
    return caught.value


async def images(status: int, tmp_path: Path) -> DomainError:
    # An app error from fal's queue names its request; the status lookup then says fal did
    # not accept the job, so a 5xx is resent until the policy's attempts are spent.
    headers = {**_headers(status), "x-fal-request-id": "emulator-fault"}
    try:
        async with FalEmulator(queue_steps=1, progress_steps=1) as emu:
            emu.faults.error("submit", status, message="injected", headers=headers, times=10)
            generator = FalSceneGenerator(fal_settings(emu), policy=FAST)
            scene = SceneSpec(0, "a lighthouse", CANVAS, 21)
            batch = await generator.generate([scene], CharacterLook("project:5"), tmp_path)
    finally:
        configure_fal_hosts(None)
    assert batch.error is not None
    return batch.error


@dataclass(frozen=True)
class Engine:
    provoke: Provoke
    keys: str  # the engine's Fluent keys: "<keys>-unavailable", "<keys>-rejected"
    auth_key: str = ""  # for a 401, when the engine has its own message

    def key(self, kind: str) -> str:
        if kind == "auth":
            return self.auth_key or f"{self.keys}-rejected"
        return f"{self.keys}-{kind}"


ENGINES = {
    "writer": Engine(writer, "error-writer"),
    "speech": Engine(speech, "error-tts"),
    "cloning": Engine(cloning, "error-clone", auth_key="error-clone-bad-key"),
    "transcription": Engine(transcription, "error-transcription"),
    "images": Engine(images, "error-images"),
}


@pytest.fixture(autouse=True)
def fal_client_without_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """fal-client retries 408, 409 and 429 ten times with a growing delay by itself (the
    other SDKs take max_retries=0): one attempt, so the answer reaches our mapping."""
    monkeypatch.setattr(fal_client.client, "MAX_ATTEMPTS", 1)


@pytest.mark.parametrize("status", TRANSIENT)
@pytest.mark.parametrize("engine", ENGINES)
async def test_transient_statuses(engine: str, status: int, tmp_path: Path) -> None:
    error = await ENGINES[engine].provoke(status, tmp_path)

    assert isinstance(error, ProviderUnavailable), error
    assert error.transient
    assert error.key == ENGINES[engine].key("unavailable")
    assert isinstance(error, ProviderRateLimited) == (status == 429)
    if isinstance(error, ProviderRateLimited):
        assert error.retry_after_s == 7


@pytest.mark.parametrize("status", PERMANENT)
@pytest.mark.parametrize("engine", ENGINES)
async def test_permanent_statuses(engine: str, status: int, tmp_path: Path) -> None:
    error = await ENGINES[engine].provoke(status, tmp_path)

    assert isinstance(error, ProviderRejected), error
    assert not error.transient
    assert error.key == ENGINES[engine].key("auth" if status == 401 else "rejected")
    auth_refused = status == 401 or (status == 403 and engine == "images")  # fal's 403: the key
    assert isinstance(error, ProviderAuthExpired) == auth_refused
