"""Settings: the only module that reads the environment.

Precedence, highest first: keyword arguments (``Settings(data_dir=...)`` or
``settings.with_(...)``), then environment variables (``DEALQA_*``; the LLM
key and URL also honour the standard ``OPENAI_API_KEY`` / ``OPENAI_BASE_URL``),
then a ``.env`` file in the working directory, then the defaults below.

The store (``data_dir``) is one per user by default, wherever a command runs:
the platform's user data folder, unless the current folder has a ``.dealqa``
(the store of earlier versions, or one made on purpose), which is then used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .errors import ConfigError

BackendName = Literal["rules", "llm"]
LLMMode = Literal["tools", "json_schema", "json"]


class Settings(BaseSettings):
    """Every knob of dealqa, with its environment variable in the field alias."""

    model_config = SettingsConfigDict(
        env_prefix="DEALQA_", env_file=".env", extra="ignore", populate_by_name=True
    )

    # storage
    data_dir: Path = Field(
        default_factory=lambda: default_data_dir(),
        description="the store: ./.dealqa when the current folder has one, else the user's data folder",
    )
    chroma_host: str | None = Field(None, description="Chroma server host; unset = embedded")
    chroma_port: int = 8000
    chroma_ssl: bool = False
    collection_prefix: str = "dealqa"
    cache_home: Path = Field(
        default_factory=lambda: user_cache_dir(),
        description="caches rebuilt from installed packages (jieba's dictionary): safe to delete",
    )

    # chunking and tokens
    encoding: str = "o200k_base"
    chunk_tokens: int = Field(256, ge=32)

    # embeddings
    embedder: Literal["hash", "openai"] = "hash"
    embed_dim: int = Field(1024, ge=64)
    embed_model: str = "text-embedding-3-small"
    embed_base_url: str | None = None
    embed_api_key: str | None = None
    embed_batch: int = Field(64, ge=1)

    # extraction / answering backend
    backend: Literal["auto", "rules", "llm"] = "auto"
    llm_model: str | None = None
    llm_base_url: str | None = Field(
        None, validation_alias=AliasChoices("DEALQA_LLM_BASE_URL", "OPENAI_BASE_URL", "llm_base_url")
    )
    llm_api_key: str | None = Field(
        None, validation_alias=AliasChoices("DEALQA_LLM_API_KEY", "OPENAI_API_KEY", "llm_api_key")
    )
    llm_mode: LLMMode = "tools"
    llm_timeout: float = Field(60.0, gt=0)
    llm_http_retries: int = Field(4, ge=0, description="retries of 429/5xx/timeouts")
    llm_max_retries: int = Field(2, ge=0, description="validation re-asks per request")
    llm_max_input_tokens: int = Field(3000, ge=200, description="article tokens per request")
    llm_token_budget: int | None = Field(None, description="stop a batch before spending more")
    llm_temperature: float = 0.0
    concurrency: int = Field(4, ge=1)
    extract_processes: int = Field(
        0, ge=0, description="worker processes for a large rules batch; 0: one per core, 1: none"
    )
    use_cache: bool = True

    # web page (`dealqa serve`)
    web_allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="extra Host names the page may be reached by, comma-separated"
    )
    web_token: str | None = Field(None, description="when set, every web request needs it (bearer or login)")

    @field_validator("web_allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: Any) -> Any:
        return [h.strip() for h in value.split(",") if h.strip()] if isinstance(value, str) else value

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_model and (self.llm_base_url or self.llm_api_key))

    def resolve_backend(self, requested: str | None = None) -> BackendName:
        """Which backend runs: the argument, else the setting, else llm when configured."""
        name = requested or self.backend
        if name == "auto":
            return "llm" if self.llm_configured else "rules"
        if name == "llm" and not self.llm_model:
            raise ConfigError(
                "the llm backend needs a model: set DEALQA_LLM_MODEL (and OPENAI_API_KEY / "
                "OPENAI_BASE_URL for your server), or use --backend rules"
            )
        if name not in ("rules", "llm"):
            raise ConfigError(f"unknown backend {name!r}: use 'rules' or 'llm'")
        return name  # type: ignore[return-value]

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed (validated like the originals)."""
        return self.model_validate({**self.model_dump(), **changes})


# A store in the current folder (from before stores were per user, or made on purpose) still wins.
LOCAL_DATA_DIR = Path(".dealqa")


def user_data_dir() -> Path:
    """The per-user store folder (``~/.local/share/dealqa`` on Linux, via platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("dealqa", appauthor=False))


def user_cache_dir() -> Path:
    """The per-user cache folder (``~/.cache/dealqa`` on Linux, via platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("dealqa", appauthor=False))


def default_data_dir() -> Path:
    """``./.dealqa`` if the current folder has one, else the per-user folder."""
    return LOCAL_DATA_DIR if LOCAL_DATA_DIR.is_dir() else user_data_dir()


def local_store_note(settings: Settings) -> str | None:
    """What to tell the user when the default store is the current folder's ``./.dealqa``."""
    if "data_dir" in settings.model_fields_set or settings.data_dir != LOCAL_DATA_DIR:
        return None
    return (
        f"using the store in this folder ({LOCAL_DATA_DIR.resolve()}), not the per-user one "
        f"({user_data_dir()}); --data-dir or DEALQA_DATA_DIR chooses another"
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, read once per process."""
    return Settings()
