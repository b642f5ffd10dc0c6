# One image for the bot, the workers and the migrations (see docker-compose.yml).
# ffmpeg, espeak-ng and the fonts come inside the Python wheels; fontconfig and DejaVu give
# libass its fallback for scripts Roboto lacks.
FROM python:3.11-slim-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY requirements ./requirements
COPY alembic ./alembic
COPY core ./core
COPY db ./db
COPY storage ./storage
COPY pipeline ./pipeline
COPY publishers ./publishers
COPY services ./services
COPY jobs ./jobs
COPY bot ./bot
COPY cli ./cli
COPY api ./api
# The versions CI tested (requirements/lock.txt, without the dev and voicematch extras).
RUN pip install --no-cache-dir -c requirements/constraints.txt -e . \
    && python -m pipeline.faces.install_models
ENV STORAGE__ROOT=/data/storage LOG__JSON_OUTPUT=true
VOLUME ["/data"]
CMD ["python", "-m", "bot"]
