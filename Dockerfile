# One image for every part: api, customer-bot, admin-bot, jobs (the command picks the part).
# The build stage turns the project into a wheel; the runtime stage installs only that wheel, so
# the image runs exactly what `pip install subvault-*.whl` gives (translations and templates are
# package data inside it).
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY core ./core
COPY bot ./bot
COPY api ./api
COPY jobs ./jobs
COPY subvault ./subvault
COPY standin ./standin
COPY locales ./locales
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN groupadd --system subvault && useradd --system --gid subvault --home /app subvault
WORKDIR /app
COPY --from=build /wheels /wheels
RUN pip install /wheels/subvault-*.whl && rm -rf /wheels \
    && mkdir -p /data && chown subvault:subvault /data /app
USER subvault
EXPOSE 8080
ENTRYPOINT ["subvault"]
CMD ["run"]
