# Worker processes that draw scenes and cut people out of photos (pipeline/process_pool.py).
error-worker-timeout = Drawing the pictures got stuck and was stopped. Nothing was lost; try again in a minute.
error-worker-crashed = The drawing process stopped unexpectedly. Nothing was lost; try again in a minute.
