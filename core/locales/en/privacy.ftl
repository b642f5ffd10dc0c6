## /delete_my_data (pipeline/privacy.py)
cmd-delete_my_data = Delete all my data
privacy-erase-confirm =
    <b>Delete all your data?</b>

    This deletes, for good:
    • your Shorts ({$projects}): videos, scripts, pictures and the files you sent. A Short being made right now is stopped first;
    • your voices ({$voices}) and their recordings; a cloned voice is deleted at ElevenLabs too;
    • your characters ({$characters}) with their photos and variations;
    • your language and any unfinished conversation with me.

    The cost records of what was made are kept, with nothing that points to you or your Shorts. This cannot be undone.
privacy-erase-yes = 🗑 Yes, delete everything
privacy-erase-no = ↩️ No, keep my data
privacy-erased = 🗑 Done: your data is deleted (Shorts: {$projects}, voices: {$voices}, characters: {$characters}). If you write to me again, we start from scratch.
privacy-kept = Nothing was deleted; your data stays as it was.

error-erasure-voice-unavailable = Nothing was deleted: ElevenLabs cannot delete your voice "{$voice}" right now. Try again in a few minutes.
error-erasure-voice-refused = Nothing was deleted: ElevenLabs refused to delete your voice "{$voice}". Ask the bot's owner to check the ElevenLabs key, then try again.
error-erasure-busy = Nothing was deleted: your Short "{$topic}" is being made and did not stop in time. Try again in a minute.
