## /usage: во что обходятся ролики, и графики администратора

cmd-usage = Расходы за месяц
usage-month = { $month ->
    [1] январь
    [2] февраль
    [3] март
    [4] апрель
    [5] май
    [6] июнь
    [7] июль
    [8] август
    [9] сентябрь
    [10] октябрь
    [11] ноябрь
   *[12] декабрь
} { $year }
usage-empty = Расходов за { $month } пока нет: стоимость каждого ролика появится здесь, когда он будет готов.
usage-summary =
    <b>Расходы: { $month }</b>
    Всего: ${ NUMBER($total, minimumFractionDigits: 2, maximumFractionDigits: 4) }
usage-by-provider = <b>По сервисам</b>
usage-provider-line = • { $provider }: ${ NUMBER($cost, minimumFractionDigits: 2, maximumFractionDigits: 4) }
usage-top-shorts = <b>Самые дорогие ролики</b>
usage-short-line = • { $topic }: ${ NUMBER($cost, minimumFractionDigits: 2, maximumFractionDigits: 4) }
usage-chart-title = Расходы по дням, { $month }
usage-chart-y = доллары США
usage-day-format = %d.%m

## Администратор: графики /stats и /user
usage-admin-no-activity = За последние { $days } дн. не было ни роликов, ни рендеров, ни расходов, ни платежей.
usage-admin-revenue = Выручка ({ $days } дн.): { $stars } { $stars ->
    [one] звезда
    [few] звезды
   *[other] звёзд
} за вычетом возвратов
usage-admin-failures = Причины сбоев ({ $days } дн.): { $reasons }
usage-admin-chart-shorts = Ролики по дням, последние { $days } дн.
usage-admin-chart-shorts-y = Ролики
usage-admin-series-done = готово
usage-admin-series-failed = сбой
usage-admin-chart-render = Минуты рендера по дням, последние { $days } дн.
usage-admin-chart-render-y = минуты
usage-admin-series-minutes = рендер
usage-admin-chart-spend = Расходы по сервисам и дням, последние { $days } дн.
usage-admin-chart-spend-y = доллары США
usage-admin-chart-revenue = Выручка в звёздах по дням, последние { $days } дн.
usage-admin-chart-revenue-y = Звёзды
usage-admin-series-paid = оплачено
usage-admin-series-refunded = возвращено
usage-admin-user-month = В этом месяце: ${ NUMBER($cost, minimumFractionDigits: 2, maximumFractionDigits: 4) } ({ $providers })
usage-admin-provider = { $provider }: ${ NUMBER($cost, minimumFractionDigits: 2, maximumFractionDigits: 4) }
usage-admin-user-months = По месяцам: { $months }
usage-admin-user-plan = Тариф: { $plan }{ $expires ->
    [none] {""}
   *[other] , до { $expires }
}; роликов в этом месяце: { $used } из { $limit }
usage-admin-unlimited = без ограничений
