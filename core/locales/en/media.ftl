## Users' media files: what cannot be used as audio or video

error-media-not-audio-video = «{$name}» is not an audio or video file I can use. Send an ordinary audio file (OGG, MP3, WAV, M4A, FLAC) or video (MP4, MOV, WebM); playlists and lists of other files are not accepted.
