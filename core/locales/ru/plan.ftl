## /plan: тариф, расход за месяц, покупка за Telegram Stars (bot/handlers/plan.py)
cmd-plan = Ваш тариф и его улучшение
myplan-title = <b>Ваш тариф: {$name}</b>
myplan-until = Оплачен до {$until}.
myplan-shorts = Shorts в этом месяце: {$used} из {$limit}, осталось {$left} (счёт начнётся заново {$resets}).
myplan-shorts-unlimited = Shorts в этом месяце: {$used}, без ограничений.
myplan-voices = Голоса: {$used} из {$limit}.
myplan-voices-unlimited = Голоса: {$used}, без ограничений.
myplan-characters = Персонажи: {$used} из {$limit}.
myplan-characters-unlimited = Персонажи: {$used}, без ограничений.
myplan-offer = Тариф на {$days} дней, оплата в Telegram Stars. Покупка вашего же тарифа продлевает его на {$days} дней.
myplan-refundable = Передумали? Последнюю покупку ({$name}, {$stars} ⭐) можно вернуть до {$until}.
myplan-buy = {$name}: {$stars} ⭐
myplan-refund = ↩️ Вернуть {$name} ({$stars} ⭐)
myplan-refund-confirm = Вернуть {$stars} ⭐ за {$name}? Тариф закончится сейчас, а звёзды вернутся к вам.
myplan-refund-yes = ↩️ Да, вернуть
myplan-refund-no = Оставить тариф
