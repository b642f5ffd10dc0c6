## The caption picker (opened from New Short's summary or a batch's)
caption-look-bold = Bold
caption-look-clean = Clean
caption-look-box = Box
caption-look-karaoke = Karaoke
caption-look-pop = Pop
caption-position-middle = Middle
caption-position-lower = Lower third
caption-size-medium = Medium
caption-size-large = Large
captions-button = 💬 Captions: {$look} ▸
captions-counter-on = 🔢 Scene counter: on
captions-counter-off = 🔢 Scene counter: off
captions-done = ☑️ Done
captions-ask =
    <b>Captions</b>
    <b>Bold</b>: the spoken word bigger, in the accent colour
    <b>Clean</b>: white with a thin outline, no motion
    <b>Box</b>: a solid box behind the spoken word
    <b>Karaoke</b>: the colour sweeps across each word as it is spoken
    <b>Pop</b>: each word pops in when it is spoken
    Pick where they sit and how big they are too, and a scene counter (2 / 6) if you want one. Your next Short starts from this choice.
captions-summary = {$look} · {$position} · {$size}
captions-summary-counter = {$captions} · scene counter
