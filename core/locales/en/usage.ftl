## /usage: what a person's Shorts cost, and the admin's charts

cmd-usage = Spending this month
usage-month = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
usage-empty = Nothing spent in { $month } yet: what each Short costs appears here once it is made.
usage-summary =
    <b>Spending in { $month }</b>
    Total: ${ NUMBER($total, minimumFractionDigits: 2, maximumFractionDigits: 4) }
usage-by-provider = <b>By provider</b>
usage-provider-line = • { $provider }: ${ NUMBER($cost, minimumFractionDigits: 2, maximumFractionDigits: 4) }
usage-top-shorts = <b>Most expensive Shorts</b>
usage-short-line = • { $topic }: ${ NUMBER($cost, minimumFractionDigits: 2, maximumFractionDigits: 4) }
usage-chart-title = Spending by day, { $month }
usage-chart-y = US dollars
usage-day-format = %m/%d

## Admin: /stats charts and /user
usage-admin-no-activity = No Shorts, renders, spending or payments in the last { $days } days.
usage-admin-revenue = Revenue ({ $days } days): { $stars } { $stars ->
    [one] Star
   *[other] Stars
}, refunds taken off
usage-admin-failures = Failure reasons ({ $days } days): { $reasons }
usage-admin-chart-shorts = Shorts per day, last { $days } days
usage-admin-chart-shorts-y = Shorts
usage-admin-series-done = done
usage-admin-series-failed = failed
usage-admin-chart-render = Render minutes per day, last { $days } days
usage-admin-chart-render-y = minutes
usage-admin-series-minutes = render
usage-admin-chart-spend = Spending per provider per day, last { $days } days
usage-admin-chart-spend-y = US dollars
usage-admin-chart-revenue = Revenue in Stars per day, last { $days } days
usage-admin-chart-revenue-y = Stars
usage-admin-series-paid = paid
usage-admin-series-refunded = refunded
usage-admin-user-month = This month: ${ NUMBER($cost, minimumFractionDigits: 2, maximumFractionDigits: 4) } ({ $providers })
usage-admin-provider = { $provider }: ${ NUMBER($cost, minimumFractionDigits: 2, maximumFractionDigits: 4) }
usage-admin-user-months = By month: { $months }
usage-admin-user-plan = Plan: { $plan }{ $expires ->
    [none] {""}
   *[other] , until { $expires }
}; Shorts this month: { $used } of { $limit }
usage-admin-unlimited = unlimited
