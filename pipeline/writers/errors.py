"""Errors the script writers raise on bad requests."""

from core.errors import InvalidInput


class TopicEmpty(InvalidInput):
    key = "error-topic-empty"
    template = "The topic is empty{detail}; send a few words about what the video is about."


class TopicTooLong(InvalidInput):
    key = "error-topic-too-long"
    template = "The topic is {length} characters long; shorten it to {limit} characters or fewer."


class DurationOutOfRange(InvalidInput):
    key = "error-duration-out-of-range"
    template = "A duration of {duration} s is not possible; choose {minimum} to {maximum} seconds."
