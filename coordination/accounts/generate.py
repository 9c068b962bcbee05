"""Benchmark data (`flask demo generate`): one delegate in five with an authenticator
application and its ten recovery codes, never the first delegate of an association (the
one benchmarks log in as)."""

import pyotp

from coordination.accounts.models import RecoveryCode, SecondFactor
from coordination.accounts.second_factor import RECOVERY_COUNT, code_hash


def generate(ctx) -> None:
    enrolled = [
        user_id
        for users in ctx.delegates.values()
        for user_id in sorted(users)[1:]
        if ctx.rng.random() < 0.2
    ]
    ctx.insert(
        SecondFactor,
        (
            {
                "user_id": user_id,
                "secret": pyotp.random_base32(),
                "created_at": ctx.now,
                "confirmed_at": ctx.now,
            }
            for user_id in enrolled
        ),
    )
    ctx.insert(
        RecoveryCode,
        (
            {
                "user_id": user_id,
                "code_hash": code_hash(f"{user_id:05d}{n:05d}"),
                "created_at": ctx.now,
            }
            for user_id in enrolled
            for n in range(RECOVERY_COUNT)
        ),
    )
