"""Growth pages: plans (educator), assessments (PGP reviewer), stipends and reports (state)."""
