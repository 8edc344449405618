import pytest

from kiosk.technician import LOCKOUT_S, MAX_FAILURES, PinCheck, WeakPin, hash_pin


def test_pin_hash_and_lockout():
    now = [0.0]
    check = PinCheck(hash_pin("135790", iterations=1000), clock=lambda: now[0])
    assert check.enabled and check.verify("135790") and not check.verify("000000")
    for _ in range(MAX_FAILURES):
        check.verify("000000")
    assert check.locked() and not check.verify("135790")      # even the right PIN waits out the lockout
    now[0] += LOCKOUT_S + 1
    assert check.verify("135790")


def test_empty_hash_disables_the_entry():
    check = PinCheck("")
    assert not check.enabled and not check.verify("")
    assert not PinCheck("garbage").verify("1")


@pytest.mark.parametrize("pin", ["2468", "12345", "111111", "123456", "654321", "１２３４５６７", "24681a"])
def test_weak_pins_are_refused(pin):
    with pytest.raises(WeakPin):
        hash_pin(pin, iterations=1000)
