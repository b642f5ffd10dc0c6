"""The analytics use cases the bot, the REST API and the digest call (one import for all):
numbers and advice (`analytics_report`), charts (`analytics_charts`), ideas (`topic_ideas`)."""

from services.analytics_charts import report_charts, short_chart
from services.analytics_report import (
    AdminMetrics,
    admin_metrics,
    analytics_report,
    best_hours,
    short_numbers,
)
from services.topic_ideas import IdeaWriter, topic_ideas

__all__ = [
    "AdminMetrics",
    "IdeaWriter",
    "admin_metrics",
    "analytics_report",
    "best_hours",
    "report_charts",
    "short_chart",
    "short_numbers",
    "topic_ideas",
]
