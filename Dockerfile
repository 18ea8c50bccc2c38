# One image for every part: api, customer-bot, admin-bot, jobs (the command picks the part).
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN groupadd --system subvault && useradd --system --gid subvault --home /app subvault
COPY pyproject.toml README.md ./
COPY core ./core
COPY bot ./bot
COPY api ./api
COPY jobs ./jobs
COPY subvault ./subvault
COPY locales ./locales
RUN pip install -e . && mkdir -p /data && chown subvault:subvault /data
USER subvault
EXPOSE 8080
ENTRYPOINT ["subvault"]
CMD ["run"]
