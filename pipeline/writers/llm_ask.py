"""One chat call of the LLM writer: checked against the daily spend ceiling before it is
sent, its tokens recorded in the ledger as soon as it is answered, its script parsed."""

import json

import openai
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema
from pydantic import ValidationError

from core.enums import UsageUnit
from core.settings import OpenAISettings
from pipeline.wallet import Wallet, paid_call
from pipeline.writers.llm_errors import WriterRejected
from pipeline.writers.llm_prompt import LLMScript
from pipeline.writers.usage import chat_estimate, token_cost

PROVIDER = "openai"
MAX_ERROR_CHARS = 1500


class ChatAnswer:
    """One chat reply: the parsed script, or the validation error to send back."""

    def __init__(self, content: str, script: LLMScript | None, error: str | None) -> None:
        self.content, self.script, self.error = content, script, error


class ChatAsker:
    """The chat calls of one `write()`; `tokens` sums their prompt and completion tokens."""

    def __init__(
        self,
        client: openai.AsyncOpenAI,
        settings: OpenAISettings,
        response_format: ResponseFormatJSONSchema,
        wallet: Wallet | None,
        tokens: list[int],
    ) -> None:
        self.client, self.settings, self.response_format = client, settings, response_format
        self.wallet, self.tokens = wallet, tokens
        self.schema_chars = len(json.dumps(response_format))

    async def __call__(self, messages: list[ChatCompletionMessageParam]) -> ChatAnswer:
        """Ask once; raises DailySpendExceeded before sending when the ceiling refuses."""
        prices = {
            "input_per_mtok": self.settings.price_input_per_mtok,
            "output_per_mtok": self.settings.price_output_per_mtok,
        }
        prompt_chars = self.schema_chars + sum(len(str(m.get("content"))) for m in messages)
        estimate = chat_estimate(prompt_chars, **prices)
        async with paid_call(self.wallet, PROVIDER, estimate) as call:
            completion = await self.client.chat.completions.create(
                model=self.settings.model,
                messages=messages,
                response_format=self.response_format,
                max_completion_tokens=self.settings.max_output_tokens,
            )
            used = completion.usage
            prompt, answered = (used.prompt_tokens, used.completion_tokens) if used else (0, 0)
            self.tokens[0] += prompt
            self.tokens[1] += answered
            await call.record(
                UsageUnit.TOKENS,
                prompt + answered,
                token_cost(prompt, answered, **prices),
                request_id=completion._request_id,
            )
        return parse_answer(completion)


def parse_answer(completion: ChatCompletion) -> ChatAnswer:
    """The script in a chat answer, or the validation error to send back.

    Raises:
        WriterRejected: the model refused.
    """
    if not completion.choices:
        return ChatAnswer("", None, "the answer had no choices")
    message = completion.choices[0].message
    if message.refusal:
        raise WriterRejected(provider=PROVIDER, reason="the model refused")
    content = message.content or ""
    if completion.choices[0].finish_reason == "length":
        reason = "the answer was cut off at the max_completion_tokens limit; shorten it"
        return ChatAnswer(content, None, reason)
    try:
        script = LLMScript.model_validate_json(content)
    except ValidationError as error:
        return ChatAnswer(content, None, str(error)[:MAX_ERROR_CHARS])
    return ChatAnswer(content, script, None)
