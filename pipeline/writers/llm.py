"""`LLMWriter`: a script from an OpenAI-compatible chat model with Structured Outputs.

One `write()` is at most three chat calls: the first answer, one repair when the answer is
not valid JSON for the schema, and one resize when the narration misses the target by more
than `TOLERANCE_S` (the voice stage fits small differences with its speed).
"""

import openai
import structlog
from openai.lib._pydantic import to_strict_json_schema
from openai.types.chat import ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema
from pydantic import ValidationError

from pipeline.settings import OpenAISettings
from pipeline.writers.base import SceneDraft, ScriptDraft, ScriptRequest
from pipeline.writers.language_check import language_problem
from pipeline.writers.llm_errors import (
    LLMWriterError,
    WriterAnswerInvalid,
    WriterRejected,
    map_error,
)
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
MAX_ERROR_CHARS = 1500


class _Answer:
    """One chat reply: the parsed script, or the validation error to send back."""

    def __init__(self, content: str, script: LLMScript | None, error: str | None) -> None:
        self.content, self.script, self.error = content, script, error


class LLMWriter:
    """The `ScriptWriter` on OpenAI's chat completions (or a compatible server)."""

    name = "openai"

    def __init__(self, settings: OpenAISettings) -> None:
        self.settings = settings
        key = settings.api_key.get_secret_value() if settings.api_key else ""
        self._api_key = key or NO_KEY
        self._format: ResponseFormatJSONSchema = {
            "type": "json_schema",
            "json_schema": {
                "name": "ShortScript",
                "schema": to_strict_json_schema(LLMScript),
                "strict": True,
            },
        }

    async def write(self, request: ScriptRequest) -> ScriptDraft:
        """Return the model's script, scene durations from the speech-time estimate."""
        return (await self.write_with_usage(request)).draft

    async def write_with_usage(self, request: ScriptRequest) -> WrittenScript:
        """Like `write`, plus the tokens spent and their cost."""
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
                draft = await self._converse(client, messages, language, target, tokens)
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
        client: openai.AsyncOpenAI,
        messages: list[ChatCompletionMessageParam],
        language: str,
        target: float,
        tokens: list[int],
    ) -> ScriptDraft:
        answer = _in_language(await self._ask(client, messages, tokens), language)
        if answer.script is None:
            log.warning("writer.answer_invalid", writer=self.name, attempt=1)
            messages += [
                {"role": "assistant", "content": answer.content},
                {"role": "user", "content": repair_message(answer.error or "")},
            ]
            answer = _in_language(await self._ask(client, messages, tokens), language)
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
        resized = _in_language(await self._ask(client, messages, tokens), language)
        if resized.script is None:
            return draft  # the first script is valid; the voice stage fits its speed
        second = self._draft(resized.script, language)
        again = sum(scene.duration for scene in second.scenes)
        return second if abs(again - target) < abs(spoken - target) else draft

    async def _ask(
        self,
        client: openai.AsyncOpenAI,
        messages: list[ChatCompletionMessageParam],
        tokens: list[int],
    ) -> _Answer:
        completion = await client.chat.completions.create(
            model=self.settings.model,
            messages=messages,
            response_format=self._format,
            max_completion_tokens=self.settings.max_output_tokens,
        )
        if completion.usage is not None:
            tokens[0] += completion.usage.prompt_tokens
            tokens[1] += completion.usage.completion_tokens
        if not completion.choices:
            return _Answer("", None, "the answer had no choices")
        message = completion.choices[0].message
        if message.refusal:
            raise WriterRejected(provider=self.name, reason="the model refused")
        content = message.content or ""
        if completion.choices[0].finish_reason == "length":
            reason = "the answer was cut off at the max_completion_tokens limit; shorten it"
            return _Answer(content, None, reason)
        try:
            script = LLMScript.model_validate_json(content)
        except ValidationError as error:
            text = str(error)[:MAX_ERROR_CHARS]
            return _Answer(content, None, text)
        return _Answer(content, script, None)

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


def _in_language(answer: _Answer, language: str) -> _Answer:
    """The answer, or an invalid one (to be repaired) when it is in another language."""
    if answer.script is None:
        return answer
    narration = " ".join(scene.text for scene in answer.script.scenes)
    problem = language_problem(narration, language)
    return answer if problem is None else _Answer(answer.content, None, problem)


def _hashtag(tag: str) -> str:
    return "#" + "".join(tag.strip().lstrip("#").split())
