"""kill -9 at random points during enqueue and upload: nothing acknowledged is lost, nothing is
on the platform twice (bench.chaos runs the same loop with more kills)."""

from bench.chaos import run_chaos

KILLS = 100


def test_kill_9_loses_nothing_and_duplicates_nothing(platform, client, platform_cfg, tmp_path):
    result = run_chaos(KILLS, tmp_path, platform.url, platform_cfg.key_file, platform.count_applications)
    assert result["lost"] == 0 and result["duplicates"] == 0 and result["undelivered"] == 0, result
    assert result["on_platform"] == result["stored"] >= result["submitted"]
    assert result["submitted"] > KILLS / 2, result          # the kills really hit a busy loop
