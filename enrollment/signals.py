"""Signals for apps downstream of enrollment (grading, credentials) to react to outcomes.

Sent after the transaction commits, so a receiver never sees a rolled-back pass.
"""

from django.dispatch import Signal

# sender=Enrollment, enrollment_id=int
enrollment_passed = Signal()
