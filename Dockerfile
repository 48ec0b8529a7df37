FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml requirements.lock ./
RUN pip install --no-cache-dir -c requirements.lock .
COPY . .
RUN STAGES_ENV=production SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
    ALLOWED_HOSTS=localhost SITE_URL=http://localhost REDIS_URL=redis://localhost \
    EMAIL_URL=consolemail:// DATABASE_URL=postgres://localhost/build \
    python manage.py collectstatic --no-input
# The 1j1s feed snapshots and beat's schedule are written under .data by the app user.
RUN useradd --create-home stages && mkdir -p /app/.data && chown stages /app/.data
USER stages
EXPOSE 8000
