"""Red team 29 (issue 9, class 4): programs whose job is to load `.env` read it without a word
naming it: dotenv-cli (`dotenv -- env`, also through npx), python-dotenv's CLI (`dotenv list`,
`dotenv get KEY`, `dotenv run env`, `python -m dotenv …`), dotenvx (`get`, `run -- env`),
env-cmd, foreman, honcho, `heroku local:run`, and `docker compose config --environment` (every
variable it interpolates with). Each printed the secrets under open. The file is a read when what runs
with it is not the project's own code (hook/dotenvloaders.py, beside bun and pipenv)."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt29d"), files={
        ".env": "API_KEY=secret\n", ".env.example": "API_KEY=\n",
        "docker-compose.yml": "services:\n  app:\n    image: x\n    environment:\n      KEY: ${API_KEY}\n",
        "package.json": '{"scripts": {"dev": "node app.js"}}\n'})


LEAKS = [
    "dotenv -- env", "dotenv -- printenv API_KEY", "npx dotenv -- env", "npx dotenv-cli -- env",
    "npx -y dotenv-cli -- node -e 'console.log(process.env)'",
    "dotenv list", "dotenv get API_KEY", "dotenv run env", "python3 -m dotenv list",
    "uv run python -m dotenv get API_KEY",
    "dotenvx get", "dotenvx get API_KEY", "dotenvx run -- env", "dotenvx keys",
    "env-cmd env", "env-cmd printenv", "foreman run env", "honcho run printenv", "heroku local:run env",
    "docker compose config --environment", "docker-compose config --environment",
]


@pytest.mark.parametrize("command", LEAKS)
def test_a_dotenv_loader_printing_it_is_a_read(g, command):
    assert_denied(g.bash(command, role="open"), ".env", "loads")


@pytest.mark.parametrize("command", ["dotenv -e .env -- env", "env-cmd -f .env env", "dotenvx run -f .env -- env",
                                     "docker compose --env-file .env config --environment"])
def test_a_named_dotenv_file_is_an_operand(g, command):
    assert_denied(g.bash(command, role="open"), ".env")


PROJECT = ["dotenv -- npm run dev", "npx dotenv-cli -- npm test", "dotenvx run -- npm start", "env-cmd npm test",
           "foreman start", "honcho start", "heroku local", "docker compose up -d",
           "docker compose config", "docker compose config -q", "docker compose config --services",
           "dotenv --help", "dotenv -e .env.example -- env", "docker ps"]


@pytest.mark.parametrize("command", PROJECT)
def test_the_projects_own_code_and_templates_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="open"))
