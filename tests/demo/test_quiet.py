"""While the demo loads, the console shows the demo's own lines: not the audit trail's or
the background tasks' INFO lines, but still their warnings and errors."""

import logging

from demo.quiet import quiet_console


def test_task_and_audit_info_lines_are_dropped_and_warnings_and_errors_kept(caplog):
    caplog.set_level(logging.INFO)
    trace, audit = logging.getLogger("celery.app.trace"), logging.getLogger("apl.audit")
    with quiet_console():
        trace.info("Task credentials.tasks.issue_for_enrollment[1] succeeded in 0.1s: 1")
        audit.info("login educator@apl.example")
        trace.warning("Task growth.tasks.record_pass[2] retry")
        trace.error("Task apl.tasks.send_outgoing_email[3] raised ValueError")
        logging.getLogger("celery.worker").info("a worker line")
        logging.getLogger("demo").info("the demo's own line")
    trace.info("after the load: as configured")
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("celery.app.trace", "WARNING", "Task growth.tasks.record_pass[2] retry"),
        ("celery.app.trace", "ERROR", "Task apl.tasks.send_outgoing_email[3] raised ValueError"),
        ("demo", "INFO", "the demo's own line"),
        ("celery.app.trace", "INFO", "after the load: as configured"),
    ]
