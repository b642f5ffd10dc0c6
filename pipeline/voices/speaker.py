"""How much a voice sounds like the user's samples: a speaker-similarity score, 0-1.

The preferred scorer is Resemblyzer's speaker embedding (a GE2E model shipped inside its
wheel): the cosine of two utterance embeddings, about 0.99 for the same speaker reading
different texts. It needs torch, so it is imported on demand and loaded once per process.
Without it, the fallback compares mean MFCCs, a coarse voice colour mapped to 0-1; its numbers
are not comparable with the embedding's, which is why every score names its scorer.
"""

import functools
import threading
import warnings
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from pipeline.voices.levels import measure_levels
from pipeline.voices.timbre import mean_mfcc, timbre_distance

Floats = NDArray[np.floating[Any]]
RATE = 16_000  # what both scorers expect (Resemblyzer's sampling rate)
MFCC_SCALE = 10.0  # mean-MFCC distance at which the fallback similarity is 0.5
_LOCK = threading.Lock()  # one inference at a time on the shared model


class Scorer(Protocol):
    """Scores 16 kHz mono speech against the reference it was built with."""

    name: str

    def similarity(self, samples: Floats) -> float:
        """0-1, higher is more alike."""
        ...


@functools.cache
def _encoder() -> Any:
    # Resemblyzer and its dependencies warn on import (pkg_resources, scipy.ndimage paths).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        import torch  # noqa: PLC0415 - torch is heavy
        from resemblyzer import VoiceEncoder  # noqa: PLC0415

    # The GE2E LSTM is small: with the cores busy (render, other jobs) two threads made the
    # sweep 6x slower than one (27 s against 4.3 s for 14 tries, measured).
    torch.set_num_threads(1)
    return VoiceEncoder(device="cpu", verbose=False)


def embedding_available() -> bool:
    """Whether Resemblyzer (and torch) can be imported here."""
    try:
        _encoder()
    except ImportError:
        return False
    return True


def embed(samples: Floats) -> Floats:
    """The L2-normalised speaker embedding of 16 kHz mono speech (blocking)."""
    from resemblyzer import preprocess_wav  # noqa: PLC0415 - imported with the encoder

    encoder = _encoder()
    with _LOCK:
        vector: Floats = encoder.embed_utterance(preprocess_wav(samples.astype(np.float32)))
    return vector


class EmbeddingScorer:
    """Cosine similarity of Resemblyzer utterance embeddings."""

    name = "resemblyzer"

    def __init__(self, reference: Floats) -> None:
        self._reference = embed(reference)

    def similarity(self, samples: Floats) -> float:
        """0-1 for speech (the embeddings are non-negative)."""
        return float(np.dot(self._reference, embed(samples)))


def _mfcc(samples: Floats) -> Floats:
    return mean_mfcc(samples, RATE, measure_levels(samples, RATE).speech)


class MfccScorer:
    """The fallback: mean-MFCC distance `d` mapped to 1 / (1 + d / MFCC_SCALE)."""

    name = "mfcc"

    def __init__(self, reference: Floats) -> None:
        self._reference = _mfcc(reference)

    def similarity(self, samples: Floats) -> float:
        """1 for the same voice colour, falling towards 0 as it moves away."""
        return 1.0 / (1.0 + timbre_distance(_mfcc(samples), self._reference) / MFCC_SCALE)


def make_scorer(reference: Floats, *, prefer_embedding: bool = True) -> Scorer:
    """The embedding scorer when Resemblyzer imports (and is preferred), else the MFCC one."""
    if prefer_embedding and embedding_available():
        return EmbeddingScorer(reference)
    return MfccScorer(reference)
