## storage/errors.py: the file store (local disk or S3)
error-storage-unavailable = File storage is not answering right now. Nothing was lost; try again in a minute.
error-storage-not-found = A file this needs is missing from storage. Everything else is safe; try again, or start this step over.
error-storage-denied = The server is not allowed into its file storage. Nothing was lost; the admin has to fix the storage settings.
error-storage-invalid-key = That file cannot be stored under this name. Nothing was lost.
