"""The Hypothesis profiles of the suite (``--conformance-profile``): registered on import.

``conformance-NAME`` runs the checks, ``conformance-NAME-stateful`` the stateful test (whole sequences).
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings

PROFILES: dict[str, dict[str, Any]] = {
    "default": {"max_examples": 4},
    "ci": {"max_examples": 8, "derandomize": True},
    "thorough": {"max_examples": 150},
}
STATEFUL_EXAMPLES = {"default": 30, "ci": 60, "thorough": 300}  # whole sequences, for the stateful test
for _name, _options in PROFILES.items():
    settings.register_profile(
        f"conformance-{_name}",
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
        stateful_step_count=25 if _name != "thorough" else 60,
        **_options,
    )
    settings.register_profile(
        f"conformance-{_name}-stateful", settings.get_profile(f"conformance-{_name}"), max_examples=STATEFUL_EXAMPLES[_name]
    )


def profile_settings(profile: str, stateful: bool = False, shrink: bool = True) -> settings:
    """The settings of a profile, for the checks or (``stateful``) the stateful test; without shrinking if asked."""
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {sorted(PROFILES)}, got {profile!r}")
    base = settings.get_profile(f"conformance-{profile}{'-stateful' if stateful else ''}")
    return base if shrink else settings(base, phases=[p for p in base.phases if p.name != "shrink"])


__all__ = ["PROFILES", "STATEFUL_EXAMPLES", "profile_settings"]
