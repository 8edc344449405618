"""The presentation-attack (PAD) evaluation set: attacks rendered reproducibly from real photos and the
real recording, the genuine sequences from that recording, and the harness that runs the production
Verifier on them (docs/pad.md)."""
