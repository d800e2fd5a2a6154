from django.core.exceptions import PermissionDenied

from audit.services import audit_log


class AccessDeniedAuditMiddleware:
    """Records every 403 the application raises."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            audit_log(action="access.denied", request=request, path=request.path[:300])
        return None
