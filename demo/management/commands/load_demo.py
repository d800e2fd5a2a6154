"""Load demonstration data: one account per role and the programme's row-level history."""

from django.core.management.base import BaseCommand

from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, create_demo_accounts
from demo.lattice import load_lattice
from demo.publications import load_publications


class Command(BaseCommand):
    help = "Create demo accounts and records (safe to run twice)."

    def handle(self, *args, **options):
        from demo.quiet import quiet_console

        with quiet_console():
            self._load()
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for email, _first, _last, roles in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:28} {', '.join(r.value for r in roles)}")

    def _load(self):
        create_demo_accounts()
        try:
            from demo.history import load_history
        except ImportError:
            load_history = None
        if load_history is not None:
            load_history(stdout=self.stdout)
        from credentials.services import credentials_issue_missing
        from demo.current import load_current

        load_current(stdout=self.stdout)
        from demo.renewal import load_renewal

        load_renewal(stdout=self.stdout)
        __import__("demo.credentials").credentials.resign_demo_credentials(stdout=self.stdout)
        issued = credentials_issue_missing(stdout=self.stdout)
        self.stdout.write(f"Credentials issued for passed enrollments: {issued} new.")
        from demo.growth import load_growth

        load_growth(stdout=self.stdout)
        load_lattice(stdout=self.stdout)
        load_publications(stdout=self.stdout)
        from demo.reviewer import load_reviewer_work

        load_reviewer_work(stdout=self.stdout)
