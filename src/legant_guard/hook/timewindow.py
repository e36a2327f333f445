"""The token's time window (wire format: weekdays with Sunday 0, start and end minutes, a time
zone): checked on every call of a token that carries one, from the clock the hook is given.
"""


def outside_time_window(window, now):
    """None when `now` (epoch seconds) is inside the window, else the reason."""
    if not isinstance(window, dict):
        return "the token's time window is malformed"
    weekdays = window.get("weekdays") or []
    start = window.get("start_min", 0)
    end = window.get("end_min", 1439)
    tz = window.get("tz") or ""
    # start > end is not an overnight window: attenuation intersects two disjoint windows
    # (9-17 and 18-20) into start 18:00 > end 17:00, which must allow nothing, not 18:00-17:00.
    if not (_minute(start) and _minute(end) and start <= end):
        return ("outside the token's time window: it is empty or malformed "
                "(minutes must be 0..1439 with start_min <= end_min)")
    if not isinstance(weekdays, list) or not all(isinstance(d, int) and not isinstance(d, bool) for d in weekdays):
        return "the token's time window is malformed (weekdays must be a list of numbers 0..6)"
    import datetime

    if tz:
        try:
            import zoneinfo

            zone = zoneinfo.ZoneInfo(tz)
        except Exception:
            return f"the token's time window names an unknown time zone `{tz}`"
    else:
        zone = datetime.timezone.utc
    local = datetime.datetime.fromtimestamp(now, zone)
    weekday = (local.weekday() + 1) % 7  # Python: Monday=0; the wire format: Sunday=0
    minute = local.hour * 60 + local.minute
    if weekdays and weekday not in weekdays:
        return f"outside the token's time window (day {weekday} of the week is not allowed, {tz or 'UTC'})"
    if not start <= minute <= end:
        return (f"outside the token's time window ({start // 60:02d}:{start % 60:02d}-"
                f"{end // 60:02d}:{end % 60:02d} {tz or 'UTC'}; it is {local:%H:%M})")
    return None


def _minute(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1439
