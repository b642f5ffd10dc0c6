"""Script writers: topic in, structured Short script out."""
