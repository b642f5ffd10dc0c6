"""Reading what users upload, safely, and the normalised copies kept in storage.

Every user file is opened here and nowhere else: audio and video through `containers`
(PyAV with an explicit demuxer allow-list and file reads only), pictures through `images`
(Pillow with a format allow-list and a pixel limit read from the header). What is kept is a
copy made by us at upload under a fixed name: a WAV for recordings (`voiceover_audio`,
`voices.decode`), FLAC for music (`music`), H.264 MP4 for clips (`clips`), PNG for logos and
title cards; so the renderer's ffmpeg never opens a user's original bytes.
"""
