"""Offline visuals: procedural scene art, user photos and thumbnails as still images."""
