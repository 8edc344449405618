"""Real-person verification (实人认证): on-device face detection and 1:1 comparison with the card's
photo. Face data never leaves this package's objects and is dropped right after a decision."""
