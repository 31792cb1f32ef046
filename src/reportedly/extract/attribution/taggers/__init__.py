"""Cue taggers: `tagged` (the entry point, choosing the mode), the default LSTM tagger, the slower
context tagger on MiniLM, and the B/I/O decoding they share."""
