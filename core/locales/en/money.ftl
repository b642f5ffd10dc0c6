## Spending: the daily ceiling on paid services, and paid answers that were unusable
error-daily-spend =
    💸 Today's limit for paid services is reached: ${ NUMBER($spent, minimumFractionDigits: 2, maximumFractionDigits: 2) } of ${ NUMBER($ceiling, minimumFractionDigits: 2, maximumFractionDigits: 2) } spent; the next step costs about ${ NUMBER($estimate, minimumFractionDigits: 2, maximumFractionDigits: 2) }. Nothing was charged. It resets at 00:00 UTC, in { $hours } h { $minutes } min.
error-tts-answer-unusable = The voice service answered, but its audio was unusable (silent or cut off). It was paid for, so I do not ask again on my own; try again later or pick another voice.
error-images-outcome-unknown = The picture service did not answer whether it took the request. So that nothing is paid twice, I did not send it again. Try again in a few minutes.
preview-spend-limited = {" "}(Today's limit for paid services was reached, so part of this Short was made offline: { $steps }.)
spend-step-script = the script
spend-step-voice = the voice
spend-step-visuals = the pictures
