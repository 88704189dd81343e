from django import template

register = template.Library()


@register.simple_tag
def schedule_warning_count(conference) -> int:
    """How many warnings the schedule editor shows (programme.schedule.warnings)."""
    from programme.domain.schedule import load

    return len(load(conference).warnings)
