## Тарифы и лимиты (core/plans.py, services/plans.py)
plan-name = { $plan ->
    [creator] Creator
    [pro] Pro
    [agency] Agency
   *[free] Free
}
error-shorts-quota = { $left ->
    [0] Тариф { plan-name } даёт {$limit} роликов в месяц, и все {$limit} уже использованы (готовы или в работе: {$used}).
   *[other] Тариф { plan-name } даёт {$limit} роликов в месяц: использовано {$used}, осталось {$left}, а здесь нужно {$asked}.
} Счёт начнётся заново {$resets}. Ничего не поставлено в очередь; перейти на другой тариф — /plan.
error-plan-limit = { $what ->
    [voices] Тариф { plan-name } хранит не больше { $limit ->
        [one] {$limit} голоса
       *[other] {$limit} голосов
    }. Удалите один в /voice или перейдите на другой тариф: /plan.
   *[characters] Тариф { plan-name } хранит не больше { $limit ->
        [one] {$limit} персонажа
       *[other] {$limit} персонажей
    }. Удалите одного в /character или перейдите на другой тариф: /plan.
}
error-platform-not-in-plan = Тариф { plan-name } публикует только в Telegram-каналы и YouTube. Чтобы публиковать в {$platform}, перейдите на другой тариф: /plan.
error-batch-not-in-plan = Пакетное создание доступно с тарифа Creator (до 10 тем за раз). Перейти на другой тариф: /plan.
error-batch-too-large = Тариф { plan-name } делает не больше {$limit} роликов за один пакет, а в списке {$count}. Пришлите список короче или перейдите на другой тариф: /plan.
