## Charts of /analytics and of a Short's card (services/analytics_charts.py)

analytics-chart-views = Views gained per day, last 30 days
analytics-chart-views-y = views
analytics-chart-best = Best Shorts by views
analytics-chart-best-y = views
analytics-chart-by-style = Engagement rate by style
analytics-chart-by-length = Engagement rate by length
analytics-chart-by-length-x = length, seconds
analytics-chart-by-hour = Engagement rate by posting hour
analytics-chart-by-hour-x = hour of the day ({ $zone })
analytics-chart-rate-y = (likes + comments + shares) / views
analytics-chart-short = Views over time
analytics-chart-short-y = views
analytics-chart-count = n = { $count }
analytics-chart-day-format = %m/%d
