"""Every StatesGroup of the bot, named for what the bot is waiting for."""

from aiogram.fsm.state import State, StatesGroup


class NewShort(StatesGroup):
    entering_topic = State()
    choosing_duration = State()
    choosing_style = State()
    choosing_tone = State()
    choosing_cast = State()  # voice and character, defaults preselected
    sending_voiceover = State()  # the user's own narration instead of a voice
    confirming = State()


class EditScript(StatesGroup):
    entering_text = State()


class VoiceStudio(StatesGroup):
    sending_samples = State()
    confirming_consent = State()
    entering_name = State()
    entering_test_phrase = State()


class CharacterStudio(StatesGroup):
    sending_photos = State()
    entering_name = State()
    entering_description = State()
    choosing_style = State()
    entering_colours = State()
    sending_logo = State()


class ConnectChannel(StatesGroup):
    sending_channel = State()  # a forwarded post or an @username


class Publishing(StatesGroup):
    entering_text = State()  # a platform's caption


class TimeZone(StatesGroup):
    entering_zone = State()


class BatchTopics(StatesGroup):
    sending_topics = State()  # lines of text or a .txt / .csv file; then New Short's settings
