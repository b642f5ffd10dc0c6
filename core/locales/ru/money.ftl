## Расходы: дневной лимит платных сервисов и оплаченные, но негодные ответы
error-daily-spend =
    💸 Дневной лимит на платные сервисы исчерпан: потрачено ${ NUMBER($spent, minimumFractionDigits: 2, maximumFractionDigits: 2) } из ${ NUMBER($ceiling, minimumFractionDigits: 2, maximumFractionDigits: 2) }, следующий шаг стоит около ${ NUMBER($estimate, minimumFractionDigits: 2, maximumFractionDigits: 2) }. Ничего не списано. Лимит обнулится в 00:00 UTC, через { $hours } ч { $minutes } мин.
error-tts-answer-unusable = Сервис озвучки ответил, но аудио оказалось негодным (тишина или обрыв). Оно уже оплачено, поэтому сам я повторять не стану; попробуйте позже или выберите другой голос.
error-images-outcome-unknown = Сервис картинок не ответил, принял ли он запрос. Чтобы не заплатить дважды, я не стал отправлять его снова. Попробуйте через несколько минут.
preview-spend-limited = {" "}(Дневной лимит на платные сервисы исчерпан, поэтому часть ролика сделана офлайн: { $steps }.)
spend-step-script = сценарий
spend-step-voice = озвучка
spend-step-visuals = картинки
