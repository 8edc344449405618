from kiosk.technician import MAX_FAILURES, PinCheck, hash_pin


def test_pin_hash_and_lockout():
    now = [0.0]
    check = PinCheck(hash_pin("135790", iterations=1000), clock=lambda: now[0])
    assert check.enabled and check.verify("135790") and not check.verify("000000")
    for _ in range(MAX_FAILURES):
        check.verify("000000")
    assert check.locked() and not check.verify("135790")      # even the right PIN waits out the lockout
    now[0] += 301
    assert check.verify("135790")


def test_empty_hash_disables_the_entry():
    check = PinCheck("")
    assert not check.enabled and not check.verify("")
    assert not PinCheck("garbage").verify("1")
