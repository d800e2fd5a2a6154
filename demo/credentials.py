"""Demo credentials issued before credentials carried a Data Integrity proof are re-signed,
so that every demo credential verifies in the app's verifier and in wallets'."""


def resign_demo_credentials(*, stdout=None) -> int:
    from credentials.services.resign import credentials_resign_unsigned

    return credentials_resign_unsigned(stdout=stdout)
