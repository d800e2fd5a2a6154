from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from districts.models import District


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "high_need", "renewal_option", "option_from"]
    list_filter = ["renewal_option", "high_need"]
    search_fields = ["code", "name"]
    filter_horizontal = ["administrators"]
