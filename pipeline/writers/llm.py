"""`LLMWriter`: a script from an OpenAI-compatible chat model with Structured Outputs.

One `write()` is at most three chat calls: the first answer, one repair when the answer is
not valid JSON for the schema, and one resize when the narration misses the target by more
than `TOLERANCE_S` (the voice stage fits small differences with its speed). With a wallet,
each call is checked against the daily spend ceiling before it is sent and its tokens go to
the ledger as soon as it is answered.
"""

import openai
import structlog
from openai.types.chat import ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema
from pydantic import BaseModel

from core.settings import OpenAISettings
from pipeline.wallet import Wallet
from pipeline.writers.base import SceneDraft, ScriptDraft, ScriptRequest
from pipeline.writers.language_check import language_problem
from pipeline.writers.llm_ask import ChatAnswer, ChatAsker
from pipeline.writers.llm_errors import LLMWriterError, WriterAnswerInvalid, map_error
from pipeline.writers.llm_prompt import (
    LLMScript,
    data_message,
    repair_message,
    resize_message,
    system_prompt,
)
from pipeline.writers.offline import check_duration, check_language
from pipeline.writers.speech_rate import estimate_seconds
from pipeline.writers.topic import normalise_topic
from pipeline.writers.usage import WriterUsage, WrittenScript, token_cost

log = structlog.get_logger(__name__)

TOLERANCE_S = 3.0
MIN_SCENE_S = 0.5
NO_KEY = "unused"  # local OpenAI-compatible servers want some key, not a real one


def strict_response_format(model: type[BaseModel], name: str) -> ResponseFormatJSONSchema:
    """Structured Outputs for `model`: its JSON schema made strict by the SDK's public
    `pydantic_function_tool` (all fields required, no additional properties).

    Not `chat.completions.parse`: it raises on an answer that fails validation and drops the
    answer's text and token usage, which the repair turn and the ledger need.
    """
    function = openai.pydantic_function_tool(model, name=name)["function"]
    schema = function.get("parameters", {})
    return {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": True}}


class LLMWriter:
    """The `ScriptWriter` on OpenAI's chat completions (or a compatible server)."""

    name = "openai"

    def __init__(self, settings: OpenAISettings) -> None:
        self.settings = settings
        key = settings.api_key.get_secret_value() if settings.api_key else ""
        self._api_key = key or NO_KEY
        self.response_format = strict_response_format(LLMScript, "ShortScript")

    async def write(self, request: ScriptRequest) -> ScriptDraft:
        """Return the model's script, scene durations from the speech-time estimate."""
        return (await self.write_with_usage(request)).draft

    async def write_with_usage(
        self, request: ScriptRequest, wallet: Wallet | None = None
    ) -> WrittenScript:
        """Like `write`, plus the tokens spent and their cost; every chat call is paid
        through `wallet` (DailySpendExceeded before a call the ceiling refuses)."""
        language = check_language(request.language)
        target = check_duration(request.duration)
        topic = normalise_topic(request.topic, language)
        messages: list[ChatCompletionMessageParam] = [
            {
                "role": "system",
                "content": system_prompt(
                    language=language, seconds=target, style=request.style, tone=request.tone
                ),
            },
            {"role": "user", "content": data_message(topic, language=language, seconds=target)},
        ]
        tokens = [0, 0]
        try:
            async with openai.AsyncOpenAI(
                base_url=self.settings.base_url,
                api_key=self._api_key,
                timeout=self.settings.timeout_s,
                max_retries=0,
            ) as client:
                ask = ChatAsker(client, self.settings, self.response_format, wallet, tokens)
                draft = await self._converse(ask, messages, language, target)
        except openai.APIError as error:
            mapped = map_error(error, self.name)
            mapped.spent = self._usage(tokens)
            raise mapped from error
        except LLMWriterError as error:
            error.spent = self._usage(tokens)
            raise
        return WrittenScript(draft=draft, writer=self.name, usage=(self._usage(tokens),))

    async def _converse(
        self,
        ask: ChatAsker,
        messages: list[ChatCompletionMessageParam],
        language: str,
        target: float,
    ) -> ScriptDraft:
        answer = _in_language(await ask(messages), language)
        if answer.script is None:
            log.warning("writer.answer_invalid", writer=self.name, attempt=1)
            messages += [
                {"role": "assistant", "content": answer.content},
                {"role": "user", "content": repair_message(answer.error or "")},
            ]
            answer = _in_language(await ask(messages), language)
        if answer.script is None:
            raise WriterAnswerInvalid(provider=self.name, reason=answer.error or "")
        draft = self._draft(answer.script, language)
        spoken = sum(scene.duration for scene in draft.scenes)
        if abs(spoken - target) <= TOLERANCE_S:
            return draft
        log.info("writer.resize", writer=self.name, spoken_s=round(spoken, 1), target_s=target)
        messages += [
            {"role": "assistant", "content": answer.content},
            {
                "role": "user",
                "content": resize_message(spoken_s=spoken, target_s=target, language=language),
            },
        ]
        resized = _in_language(await ask(messages), language)
        if resized.script is None:
            return draft  # the first script is valid; the voice stage fits its speed
        second = self._draft(resized.script, language)
        again = sum(scene.duration for scene in second.scenes)
        return second if abs(again - target) < abs(spoken - target) else draft

    def _draft(self, script: LLMScript, language: str) -> ScriptDraft:
        scenes = [
            SceneDraft(
                text=scene.text.strip(),
                visual_prompt=scene.visual_prompt.strip(),
                duration=round(max(estimate_seconds(scene.text, language), MIN_SCENE_S), 3),
            )
            for scene in script.scenes
        ]
        variants: dict[str, dict[str, str]] = script.platform_variants.model_dump()
        return ScriptDraft(
            language=language,
            hook=script.hook.strip(),
            points=[point.strip() for point in script.points],
            cta=script.cta.strip(),
            scenes=scenes,
            title=script.title.strip(),
            description=script.description.strip(),
            hashtags=[_hashtag(tag) for tag in script.hashtags if tag.strip("# ")],
            platform_variants=variants,
        )

    def _usage(self, tokens: list[int]) -> WriterUsage:
        prompt, completion = tokens
        return WriterUsage(
            provider=self.name,
            prompt_tokens=prompt,
            completion_tokens=completion,
            cost_usd=token_cost(
                prompt,
                completion,
                input_per_mtok=self.settings.price_input_per_mtok,
                output_per_mtok=self.settings.price_output_per_mtok,
            ),
        )


def _in_language(answer: ChatAnswer, language: str) -> ChatAnswer:
    """The answer, or an invalid one (to be repaired) when it is in another language."""
    if answer.script is None:
        return answer
    narration = " ".join(scene.text for scene in answer.script.scenes)
    problem = language_problem(narration, language)
    return answer if problem is None else ChatAnswer(answer.content, None, problem)


def _hashtag(tag: str) -> str:
    return "#" + "".join(tag.strip().lstrip("#").split())
