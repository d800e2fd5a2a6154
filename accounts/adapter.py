"""allauth adapter: accounts are created by the intent-to-enroll form, not by open sign-up."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Educators sign up on their programme's intent-to-enroll form, which also records
        # their license details; staff accounts are created by the coordinator.
        return False
