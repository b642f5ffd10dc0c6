"""The offline character: the creator's face cut out of their photos, composited into scenes,
and a face-identity score (dlib embeddings) that checks every scene still shows them."""
