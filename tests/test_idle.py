from kiosk.idle import IdleGuard, IdlePolicy, IdleState


def test_warning_extend_and_expiry():
    now = [0.0]
    guard = IdleGuard(IdlePolicy(screen_timeout_s=60, warning_s=15, idle_limit_s=150), lambda: now[0])
    now[0] = 40
    assert guard.state() is IdleState.ACTIVE
    now[0] = 50
    assert guard.state() is IdleState.WARNING and guard.seconds_left() == 10
    guard.extend()                                   # "I need more time": 60 s from 50
    now[0] = 90
    assert guard.state() is IdleState.ACTIVE
    guard.extend()
    now[0] = 140                                     # the idle cap (150 s since the last interaction) nears
    assert guard.state() is IdleState.WARNING and guard.seconds_left() == 10
    guard.extend()
    now[0] = 151
    assert guard.state() is IdleState.EXPIRED        # extensions cannot keep it open for ever


def test_real_interaction_resets_everything():
    now = [0.0]
    guard = IdleGuard(IdlePolicy(screen_timeout_s=60, warning_s=15, idle_limit_s=100), lambda: now[0])
    now[0] = 90
    guard.reset()
    now[0] = 140
    assert guard.state() is IdleState.WARNING and guard.seconds_left() == 10
