## A project that stopped: what happened, and the way to try again
error-disk-full = The server ran out of disk space. Nothing was lost; once the admin frees some, try again.
error-database-busy = The database did not answer in time. Nothing was lost; try again in a minute.
error-image-too-large = One of the pictures is too large to open safely. Nothing was lost; use a smaller one and try again.
error-job-timeout = Making this Short took too long, so I stopped. Nothing was lost; try again, or make a shorter one.
error-project-stalled = Work on this Short stopped unexpectedly (the server restarted or ran into trouble). Nothing was lost; try again.
error-project-crashing = Making this Short crashed the server several times in a row, so I stopped. Nothing was lost; try again, and if it happens again, tell the admin.
error-short-already-made = This Short is already made: find it in /shorts.
button-retry = 🔁 Try again
progress-retry = ⏳ <b>{$topic}</b>: trying again from where it stopped; the finished steps are kept.
