"""The caption looks rendered once per session (ten tiny real renders, about 6 s)."""

import pytest
from caption_frames import Frames, render_looks


@pytest.fixture(scope="session")
def look_frames(tmp_path_factory: pytest.TempPathFactory) -> Frames:
    return render_looks(tmp_path_factory.mktemp("caption-looks"))
